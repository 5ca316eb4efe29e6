# flows: people who moved from each pool (rows) to each other pool
# (columns) over the whole horizon, deterministic projection, as a heat
# map with the number printed in each cell. Reads flows_total.csv
# (from, to, deterministic, mean). The outside row holds the entrants to
# the field, the outside column those who left it. The colour scale is
# logarithmic because entrants dwarf most transfers.
# Variables: data, out, scenario_title, n_pools, pool_id[], pool_label[],
#   period_text.
reset
N = n_pools + 1
cell = N <= 6 ? 150 : (N <= 12 ? 90 : 40)
eval set_term(480 + cell * N, 300 + cell * N)
set output out
set datafile separator ","
idx(s) = (s eq "outside") ? N : sum [i = 1:n_pools] (pool_id[i] eq s ? i : 0)
from_name(i) = i == N ? "entrants (from outside)" : pool_label[i]
to_name(i) = i == N ? "left the field" : pool_label[i]
longest = strlen(from_name(N))
do for [i = 1:n_pools] { longest = strlen(pool_label[i]) > longest ? strlen(pool_label[i]) : longest }
set title scenario_title . ": people moving between pools, " . period_text \
    noenhanced font ",14"
set xrange [0.5 : N + 0.5]
set yrange [N + 0.5 : 0.5]
set xtics () rotate by 30 right noenhanced nomirror scale 0
set ytics () noenhanced nomirror scale 0
do for [i = 1:N] {
    set xtics add (to_name(i) i)
    set ytics add (from_name(i) i)
}
set x2label "to" font ",12"
set ylabel "from" font ",12"
set border 0
set logscale cb
set format cb "%.0s%c"
set cblabel "people (log scale)" offset 1.5, 0
set palette defined (0 "#f7fbff", 1 "#c6dbef", 2 "#6baed6", 3 "#2171b5")
set style fill solid 1.0 noborder
set lmargin longest + 6
set bmargin longest * 0.4 + 2
unset key
plot data skip 1 using (idx(strcol(2))):(idx(strcol(1))):(0.48):(0.48): \
       ($3 >= 0.5 ? $3 : NaN) with boxxyerror fc palette, \
     '' skip 1 using (idx(strcol(2))):(idx(strcol(1))):(people($3)) \
       with labels font (N <= 12 ? ",10" : ",7") tc rgb "#000000"
unset output
