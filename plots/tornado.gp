# tornado: how much each uncertain assumption moves one pool's headcount
# at one date. Each row is one assumption, largest swing on top: a bar
# from the headcount with every assumption at its mean (the vertical
# line) to the headcount with this one at its 5th percentile, and one to
# the headcount with it at its 95th. Reads tornado.csv (parameter 1,
# low_value 2, high_value 3, metric_low 4, metric_high 5), largest swing
# first.
# Variables: data, out, scenario_title, n_rows, row_label[], label_chars
#   (the longest label), base, metric_title, scale, unit, claim_metric
#   (a probability, drawn on [0, 1]), how_text, rows_text, low_text,
#   high_text.
reset
eval set_term(1280, 240 + 46 * (n_rows > 6 ? n_rows : 6))
set output out
set datafile separator ","
set title scenario_title . ": what moves " . metric_title . "\n" . \
    how_text . (rows_text eq "" ? "" : "\n" . rows_text) noenhanced \
    font ",12"
set yrange [0.4 : n_rows + 0.6]
set ytics () nomirror scale 0 noenhanced font ",10"
do for [i = 1:n_rows] { set ytics add (row_label[i] n_rows + 1 - i) }
if (claim_metric) {
    set xlabel metric_title noenhanced
    set xrange [0:1]
} else {
    set xlabel metric_title . " (" . unit . ")" noenhanced
}
set xtics nomirror
set grid xtics lc rgb "#dddddd"
set border 1
set style fill solid 0.85 noborder
set key below center horizontal Left reverse noenhanced width 2 \
    box lc rgb "#cccccc"
set arrow from base / scale, graph 0 to base / scale, graph 1 nohead \
    lc rgb "#000000" lw 1.5 front
set lmargin int(label_chars * 0.8) + 3
set rmargin 6
plot data skip 1 using ((base + $4) / 2 / scale):(n_rows - $0): \
       (abs($4 - base) / 2 / scale):(0.32) with boxxyerror \
       lc rgb "#0072B2" title low_text, \
     '' skip 1 using (($5 + base) / 2 / scale):(n_rows - $0): \
       (abs($5 - base) / 2 / scale):(0.32) with boxxyerror \
       lc rgb "#E69F00" title high_text, \
     keyentry with lines lc rgb "#000000" lw 1.5 \
       title (claim_metric ? sprintf("all at their means: %.3f", base) \
                           : sprintf("all at their means: %s", people(base)))
unset output
