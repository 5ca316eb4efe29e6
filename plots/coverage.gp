# coverage: how often the observed headcounts fell inside each forecast's
# 50 % and 90 % intervals, against those nominal rates (dashed). Reads
# scores_summary.csv (coverage50 column 8, coverage90 column 9), one
# forecast per row.
# Variables: data, out, n_forecasts, forecast_label[].
reset
eval set_term(1000, 220 + 40 * (n_forecasts > 4 ? n_forecasts : 4))
set output out
set datafile separator ","
set title "interval coverage of the observed headcounts" noenhanced \
    font ",14"
set yrange [0.4 : n_forecasts + 0.6]
set xrange [0:1]
set ytics () nomirror scale 0 noenhanced
do for [i = 1:n_forecasts] {
    set ytics add (forecast_label[i] n_forecasts + 1 - i)
}
set xlabel "share of observed headcounts inside the interval"
set xtics nomirror 0.1
set grid xtics lc rgb "#dddddd"
set border 1
set style fill solid 0.85 noborder
set key above center horizontal box lc rgb "#cccccc"
set arrow from 0.5, graph 0 to 0.5, graph 1 nohead dt 2 lc rgb "#0072B2"
set arrow from 0.9, graph 0 to 0.9, graph 1 nohead dt 2 lc rgb "#E69F00"
plot data skip 1 using ($8 / 2):(n_forecasts - $0 + 0.18):($8 / 2):(0.15) \
       with boxxyerror lc rgb "#0072B2" title "50 % interval (nominal 0.5)", \
     '' skip 1 using ($9 / 2):(n_forecasts - $0 - 0.18):($9 / 2):(0.15) \
       with boxxyerror lc rgb "#E69F00" title "90 % interval (nominal 0.9)"
unset output
