# Headcount per pool over time (deterministic projection), from stocks.csv.
# Variables: data (path of stocks.csv), pools (space-separated ids in file
# order, outside last), title_text, out (image path), term (a "set
# terminal" command). Rows of stocks.csv cycle through the pools, so pool
# j is every n-th row from row j.
set datafile separator ","
set xdata time
set timefmt "%Y-%m"
set format x "%Y"
set xtics 31556952          # one (mean Gregorian) year, in seconds
set xlabel "year"
set ylabel "people (thousands)"
set key outside right top noenhanced
set grid
set autoscale xfix
set title title_text noenhanced
eval term
set output out
n = words(pools)
plot for [j = 1:n] data skip 1 every n::(j - 1) using 2:($5 / 1000) \
     with lines linewidth 2 title word(pools, j)
