# The peer of SPEC section 9: R's msm (Jackson 2011) fits the same
# panel data as `talentsim fit`, and both must give the same estimates
# (within 1 %, or 0.1 standard errors) and standard errors (within 10 %).
#   Rscript tests/peer_msm.R TALENTSIM DIR [N]
# N executives (default 300) among 4 pools (plus outside), seen every 6
# months for 5 years, their months drawn here (fixed seed) from known
# rates. It also prints how long each took (bench/run reads the line):
# talentsim's whole command, and msm's fit alone.
suppressMessages(library(msm))
args <- commandArgs(trailingOnly = TRUE)
bin <- args[1]; dir <- args[2]
N <- if (length(args) > 2) as.integer(args[3]) else 300
set.seed(2026)
K <- 4
pools <- c("p1", "p2", "p3", "p4", "outside")
move <- c(0.3, 0.2, 0.25, 0.15)
share <- rbind(c(0, 0.5, 0.2, 0.1), c(0.3, 0, 0.3, 0.2),
               c(0.2, 0.2, 0, 0.4), c(0.25, 0.25, 0.25, 0))
Q <- matrix(0, 5, 5)
for (i in 1:K) {
  h <- -log(1 - move[i])
  Q[i, 1:K] <- h * share[i, ]
  Q[i, 5] <- h * (1 - sum(share[i, ]))
  Q[i, i] <- -h
}
P <- MatrixExp(Q, t = 1 / 12)

# the scenario and its sightings, as an analyst would write them
yaml <- c("scenario: {start: 2020-01, horizon: 60, runs: 0}", "pools:")
for (i in 1:K) {
  to <- paste(sprintf("%s: %g", pools[setdiff(1:K, i)], share[i, setdiff(1:K, i)]),
              collapse = ", ")
  yaml <- c(yaml, sprintf("  - {id: %s, headcount: 100, retention: 0.9, exec_move: %g, exec_to: {%s}}",
                          pools[i], move[i], to))
}
yaml <- c(yaml, "executives:", sprintf("  - {name: e%d, pool: %s}", 0:(N - 1),
                                       pools[(0:(N - 1)) %% K + 1]), "fit:")
for (i in 1:K) {
  yaml <- c(yaml, sprintf("  pools.%s.exec_move: {bounds: [0.001, 0.999]}", pools[i]))
  for (j in setdiff(1:K, i))
    yaml <- c(yaml, sprintf("  pools.%s.exec_to.%s: {bounds: [0, 1]}", pools[i], pools[j]))
}
yaml <- c(yaml, "history:", "  as_of: 2025-01", "  seen: seen.csv")
writeLines(yaml, file.path(dir, "peer.yaml"))
rows <- list()
panel <- list()
for (e in 0:(N - 1)) {
  s <- e %% K + 1
  panel[[length(panel) + 1]] <- data.frame(id = e, time = 0, state = s)
  for (m in 1:60) {
    s <- sample(1:5, 1, prob = P[s, ])
    if (m %% 6 == 0) {
      rows[[length(rows) + 1]] <- data.frame(who = paste0("e", e),
        at = sprintf("%d-%02d", 2020 + m %/% 12, m %% 12 + 1), pool = pools[s])
      panel[[length(panel) + 1]] <- data.frame(id = e, time = m / 12, state = s)
      if (s == 5) break
    }
  }
}
write.csv(do.call(rbind, rows), file.path(dir, "seen.csv"), row.names = FALSE,
          quote = FALSE)
d <- do.call(rbind, panel)

# talentsim
out <- file.path(dir, "fit")
t0 <- proc.time()[["elapsed"]]
status <- system2(bin, c("fit", file.path(dir, "peer.yaml"), "--no-plots", "-q",
                         "-o", out))
ours_seconds <- proc.time()[["elapsed"]] - t0
if (status != 0) stop("talentsim fit failed")
ours <- read.csv(file.path(out, "fit.csv"))

# msm, with the same allowed transitions
qm <- matrix(0, 5, 5); qm[1:4, ] <- 1; diag(qm) <- 0
t0 <- proc.time()[["elapsed"]]
fit <- msm(state ~ time, subject = id, data = d, qmatrix = qm, gen.inits = TRUE,
           control = list(fnscale = 1000, reltol = 1e-12, maxit = 10000))
msm_seconds <- proc.time()[["elapsed"]] - t0
# msm's log-intensities, in the order of its qmatrix read by rows, mapped
# to talentsim's parametrisation: move_i = 1 - exp(-q_i), share = q_ij / q_i
theta <- function(lq) {
  qt <- matrix(0, 5, 5); qt[t(qm) == 1] <- exp(lq); q <- t(qt)
  out <- c()
  for (i in 1:K) {
    qi <- sum(q[i, ])
    out <- c(out, 1 - exp(-qi), q[i, setdiff(1:K, i)] / qi)
  }
  out
}
lq <- fit$estimates
th <- theta(lq)
J <- matrix(0, length(th), length(lq))
for (k in seq_along(lq)) {
  a <- lq; b <- lq; a[k] <- a[k] + 1e-6; b[k] <- b[k] - 1e-6
  J[, k] <- (theta(a) - theta(b)) / 2e-6
}
se <- sqrt(diag(J %*% fit$covmat %*% t(J)))
res <- data.frame(parameter = ours$parameter, talentsim = ours$estimate,
                  msm = th, se_talentsim = ours$stderr, se_msm = se)
print(res, digits = 5, row.names = FALSE)
est_ok <- abs(res$talentsim - res$msm) <= pmax(0.01 * abs(res$msm), 0.1 * res$se_msm)
se_ok <- abs(res$se_talentsim - res$se_msm) <= 0.10 * res$se_msm
cat(sprintf("estimates: largest difference %.2g standard errors; standard errors: largest relative difference %.2g\n",
            max(abs(res$talentsim - res$msm) / res$se_msm),
            max(abs(res$se_talentsim - res$se_msm) / res$se_msm)))
cat(sprintf("seconds: talentsim %.3f (the whole command), msm %.3f (its fit alone): msm takes %.1f times as long\n",
            ours_seconds, msm_seconds, msm_seconds / ours_seconds))
if (!all(est_ok) || !all(se_ok)) {
  cat("talentsim and msm disagree\n")
  quit(status = 1)
}
