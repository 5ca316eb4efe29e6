# reliability: are the forecasts' probabilities right? The scored claims
# in ten bins of forecast probability, [0, 0.1) ... [0.9, 1]: for each,
# the share that came true (a dot, its count beside it) against the
# diagonal where a forecast of p comes true a share p of the time. Reads
# reliability.csv (bin_from 1, bin_to 2, claims 3, came_true 4, share 5,
# mean_probability 6).
# Variables: data, out, scenario_title.
reset
eval set_term(900, 800)
set output out
set datafile separator ","
set title "reliability of the forecasts' claims" noenhanced font ",14"
set xrange [0:1]
set yrange [0:1]
set size ratio -1
set xlabel "forecast probability (the bin's mean)"
set ylabel "share that came true"
set grid xtics ytics lc rgb "#dddddd"
set border 3
set xtics nomirror 0.1
set ytics nomirror 0.1
set key top left box lc rgb "#cccccc"
plot x with lines lc rgb "#999999" dt 2 title "perfectly reliable", \
     data skip 1 using ($3 > 0 ? $6 : NaN):5 with points pt 7 ps 1.6 \
       lc rgb "#0072B2" title "the claims of a bin", \
     '' skip 1 using ($3 > 0 ? $6 : NaN):5:(sprintf("%d", $3)) \
       with labels offset 1.6, 0 font ",10" notitle
unset output
