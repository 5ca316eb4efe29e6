# executives: two panels. Above, for each executive-move prediction, the
# exact probability of at least k qualifying moves from the window's
# start to each later month, with a dot at the window's end (the
# prediction's own date). Below, each named executive's probability of
# having moved by the horizon, coloured by the pool they most likely end
# in other than their own (grey: leaving the field); with more than 50
# named executives, the first n_named of them. Reads
# predictions_curve.csv (id 1, date 3, probability 4) and
# executives_destinations.csv (name 1, p_moved 3, destination 4).
# Variables: out, scenario_title, n_pools, pool_id[], pool_label[],
#   n_claims, claim_id[], claim_title[], claim_end[], n_named, n_dest,
#   n_named_all, dest_pool[] (pool numbers, 0 = outside), horizon_label, n_xtics,
#   xtic_date[], xtic_label[], moved_span ("by 2028-01"), as_of_date (a forecast made then: a line
#   there; the curves before it are what the record says).
reset
panels = (n_claims > 0) + (n_named > 0)
height = 120 + 430 * panels + 22 * n_claims
eval set_term(1280, height)
set output out
set datafile separator ","
pool_number(s) = sum [i = 1:n_pools] (pool_id[i] eq s ? i : 0)
set multiplot layout panels, 1 \
    title scenario_title . ": executives" noenhanced font ",14"
set grid ytics lc rgb "#dddddd"
set border 3
set yrange [0:1]
set ytics 0.2 nomirror
if (n_claims > 0) {
    set title "predictions: probability of at least k qualifying moves " . \
        "from the window's start to each month (dot: the prediction's date)" \
        font ",11"
    set key below left Left reverse vertical noenhanced spacing 1.2 \
        box lc rgb "#cccccc" width 2
    set xdata time
    set timefmt "%Y-%m"
    set xtics () nomirror
    do for [i = 1:n_xtics] { set xtics add (xtic_label[i] xtic_date[i]) }
    set autoscale xfix
    set ylabel "probability"
    eval mark_as_of
    plot for [c = 1:n_claims] 'predictions_curve.csv' skip 1 \
           using 3:(strcol(1) eq claim_id[c] ? $4 : NaN) \
           with lines lt c title claim_title[c], \
         for [c = 1:n_claims] 'predictions_curve.csv' skip 1 \
           using 3:(strcol(1) eq claim_id[c] && strcol(3) eq claim_end[c] \
                    ? $4 : NaN) with points lt c pt 7 ps 1.6 notitle
}
unset arrow
unset label
if (n_named > 0) {
    set title "named executives: probability of a move " . moved_span . \
        ", coloured by where they most likely go" . \
        (n_named < n_named_all ? sprintf(" (the first %d of %d)", n_named, \
                                         n_named_all) : "") font ",11"
    set xdata
    set xrange [-0.6 : n_named - 0.4]
    set xtics () rotate by 25 right nomirror scale 0 noenhanced
    set ylabel "P(moved)"
    set key outside right top vertical Left reverse noenhanced spacing 1.3 \
        box lc rgb "#cccccc" width 2
    set style fill solid 0.85 noborder
    set boxwidth 0.7
    plot 'executives_destinations.csv' skip 1 every ::0::(n_named - 1) \
           using 0:3:(colour_of(pool_number(strcol(4)))):xtic(1) \
           with boxes lc rgb variable notitle, \
         '' skip 1 every ::0::(n_named - 1) \
           using 0:3:(sprintf("%.0f%%", 100 * $3)) \
           with labels offset 0, 0.8 notitle, \
         for [i = 1:n_dest] keyentry with boxes \
           lc rgb colour_of(dest_pool[i]) \
           title (dest_pool[i] == 0 ? "left the field" \
                                    : pool_label[dest_pool[i]])
}
unset multiplot
unset output
