# fit: each observation against the fitted model: the observed value
# with its +-1 sd bar, and the fitted value. Reads fit_residuals.csv
# (observed 2, fitted 3, weight 5 = 1 / sd^2).
# Variables: data, out, scenario_title, n_obs, obs_label[], scale, unit.
reset
eval set_term(1280, 720)
set output out
set datafile separator ","
set title scenario_title . ": observed against fitted" noenhanced font ",14"
set xrange [-0.6 : n_obs - 0.4]
set xtics () rotate by 25 right nomirror scale 0 noenhanced font ",9"
do for [i = 1:n_obs] { set xtics add (obs_label[i] i - 1) }
set ylabel unit
set ytics nomirror
set yrange [0:*]
set grid ytics lc rgb "#dddddd"
set border 3
set bmargin 10
set lmargin 16
set key outside right top vertical Left reverse noenhanced spacing 1.3 \
    box lc rgb "#cccccc"
plot data skip 1 using 0:($2 / scale):(1 / sqrt($5) / scale) \
       with yerrorbars lc rgb "#000000" pt 7 ps 1.2 title "observed, +-1 sd", \
     '' skip 1 using 0:($3 / scale) with points lc rgb "#D55E00" pt 5 ps 1.6 \
       title "fitted"
unset output
