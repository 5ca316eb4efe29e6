# Shared by every chart: colours, fonts and the terminal. Variables
# (written by talentsim at the top of charts.gp):
#   term_type     "pngcairo" or "svg"
#   image_ext     "png" or "svg"
# Colours: the Okabe-Ito palette, readable by colour-blind readers and in
# greyscale print, then four of Paul Tol's muted colours, so that twelve
# pools have twelve colours (bars have no dashes to tell them apart);
# after twelve the colours repeat dashed.
palette = "#0072B2 #E69F00 #009E73 #CC79A7 #56B4E9 #D55E00 #000000 " . \
          "#999933 #882255 #44AA99 #332288 #AA4499"
do for [i = 1:12] {
    set linetype i lc rgb word(palette, i) lw 2 dt 1
    set linetype i + 12 lc rgb word(palette, i) lw 2 dt 2
}
# The colour of pool i as a number for "lc rgb variable" (the same as
# linetype i); `outside` (i = 0 here) is grey.
array pool_rgb[12] = [0x0072B2, 0xE69F00, 0x009E73, 0xCC79A7, 0x56B4E9, \
                      0xD55E00, 0x000000, 0x999933, 0x882255, 0x44AA99, \
                      0x332288, 0xAA4499]
colour_of(i) = i < 1 ? 0xAAAAAA : pool_rgb[(i - 1) % 12 + 1]
set linetype cycle 24
# report.html sets font_scale above this: its charts are shown narrower
# than they are drawn, and their text must still read at print size.
if (!exists("font_scale")) font_scale = 1
term_opts = (term_type eq "svg") \
    ? sprintf("dynamic enhanced font 'sans,12' fontscale %g " . \
              "background rgb 'white'", font_scale) \
    : "enhanced font 'sans,11' background rgb 'white'"
set_term(w, h) = sprintf("set terminal %s size %d,%d %s", term_type, w, h, \
                         term_opts)
# "12.3k" style numbers for labels printed in cells and on bars.
people(v) = abs(v) >= 1e6 ? sprintf("%.1fM", v / 1e6) : \
            abs(v) >= 1e4 ? sprintf("%.0fk", v / 1e3) : \
            abs(v) >= 1e3 ? sprintf("%.1fk", v / 1e3) : sprintf("%.0f", v)
# Vertical dashed markers at the events' dates, labelled (time charts).
# Variables: n_events, event_date[], event_label[].
mark_events = 'do for [ev = 1:n_events] { ' . \
    'set arrow from strptime("%Y-%m", event_date[ev]), graph 0 ' . \
    'to strptime("%Y-%m", event_date[ev]), graph 1 nohead dt 3 ' . \
    'lc rgb "#777777" lw 1 front; ' . \
    'set label event_label[ev] at strptime("%Y-%m", event_date[ev]), ' . \
    'graph 0.97 rotate by 90 right offset -0.7, 0 font ",9" ' . \
    'tc rgb "#555555" noenhanced front }'
# Each shock's window of possible starts, shaded behind the lines and
# named at its top (time charts). Variables: n_shocks, shock_from[],
# shock_to[], shock_label[].
mark_shocks = 'do for [sh = 1:n_shocks] { ' . \
    'set object sh rect from strptime("%Y-%m", shock_from[sh]), graph 0 ' . \
    'to strptime("%Y-%m", shock_to[sh]), graph 1 behind ' . \
    'fc rgb "#D55E00" fs transparent solid 0.08 noborder; ' . \
    'set label 100 + sh shock_label[sh] at strptime("%Y-%m", ' . \
    'shock_from[sh]), graph 1 - 0.04 * sh offset 0.5, 0 font ",9" ' . \
    'tc rgb "#A04000" noenhanced front }'
# A solid vertical line at as_of, labelled, when the run is a forecast
# made then (SPEC section 8; time charts). Variables: as_of_date ('' for
# a forecast from the start).
mark_as_of = 'if (as_of_date ne "") { ' . \
    'set arrow from strptime("%Y-%m", as_of_date), graph 0 ' . \
    'to strptime("%Y-%m", as_of_date), graph 1 nohead lw 1.5 ' . \
    'lc rgb "#222222" front; ' . \
    'set label "as of " . as_of_date at strptime("%Y-%m", as_of_date), ' . \
    'graph 0.03 offset 0.6, 0 font ",9" tc rgb "#222222" noenhanced front }'
# The record's points (time charts): one plot element per point,
# `for [h = 1:observed_n] [i = 1:1:1] '+'` (gnuplot cannot plot an array
# as data while the CSV separator is set). With none, the arrays hold one
# stand-in point drawn in `hidden`, a transparent colour: a loop over '+'
# must not be empty (it would stretch the time axis back to 1970) and a
# label at an undefined point crashes gnuplot 5.4.
hidden = 0xFF000000
observed_x(h) = strptime("%Y-%m", observed_date[h])
observed_colour(h) = n_observed > 0 ? colour_of(observed_pool[h]) : hidden
recorded_x(h) = strptime("%Y-%m", recorded_date[h])
recorded_colour(h) = n_recorded > 0 ? colour_of(recorded_pool[h]) : hidden
