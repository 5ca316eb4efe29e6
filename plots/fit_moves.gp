# fit_moves: the record's moves against their expectation under the
# fitted rates (SPEC section 9), summed over the executives per pair of
# pools: bars side by side, the pairs with the most moves first (at most
# 30; fit_moves.csv has every executive and pair). Where the fit is good
# each pair's bars are alike.
# Variables: out, scenario_title, n_pairs, pair_label[], pair_recorded[],
#   pair_expected[].
reset
eval set_term(1280, 720)
set output out
set title scenario_title . ": moves recorded and expected under the fitted rates" \
    noenhanced font ",14"
set xrange [0.4 : n_pairs + 0.6]
set xtics () rotate by 35 right nomirror scale 0 noenhanced font ",9"
do for [h = 1:n_pairs] { set xtics add (pair_label[h] h) }
set ylabel "moves (executives' transitions, summed)"
set yrange [0:*]
set ytics nomirror
set grid ytics lc rgb "#dddddd"
set border 3
set bmargin 9
set style fill solid 0.85 noborder
set boxwidth 0.38
set key outside right top vertical Left reverse noenhanced box lc rgb "#cccccc"
plot for [h = 1:n_pairs] [i = 1:1:1] '+' using (h - 0.2):(pair_recorded[h]) \
       with boxes lc rgb "#0072B2" notitle, \
     for [h = 1:n_pairs] [i = 1:1:1] '+' using (h + 0.2):(pair_expected[h]) \
       with boxes lc rgb "#E69F00" notitle, \
     keyentry with boxes lc rgb "#0072B2" title "recorded", \
     keyentry with boxes lc rgb "#E69F00" title "expected under the fit"
unset output
