package dev.engagement.pipeline.report;

import static dev.engagement.pipeline.report.Html.esc;
import static dev.engagement.pipeline.report.Html.px;

import java.util.List;
import java.util.Map;

/**
 * The report's charts as inline SVG: no script and no library, so they render the same from a
 * file, in print and in any browser. Each chart has a fixed coordinate system (viewBox) and
 * scales to the page's width; colours come from the page's CSS classes. Every {@code <title>} is
 * a tooltip on hover.
 */
final class SvgCharts {
  static final int WIDTH = 960;
  private static final int ROW = 22;
  private static final int LABEL = 170;
  private static final int TOP = 24;
  private static final int PLOT_HEIGHT = 220;
  private static final int BOX_DOTS_MAX = 2000;
  /** Okabe-Ito: distinguishable with colour-blindness and in greyscale print. */
  private static final List<String> PALETTE =
      List.of("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999");

  private SvgCharts() {}

  /** One horizontal bar: its label, its length on the axis, the text at its end, data attributes. */
  record Bar(String label, double value, String text, String tooltip, Map<String, String> data) {}

  /** One column of a stacked chart: rows per series, its label, and whether to mark it as failed. */
  record Column(String label, String tooltip, Map<String, Long> values, boolean failed) {}

  /** A box plot row: the sorted values of one group. */
  record Group(String label, double[] sorted) {}

  /** Horizontal bars on an axis from 0 to {@code max}, one row per bar, in the given order. */
  static String bars(String id, String title, List<Bar> bars, double max) {
    int height = TOP + bars.size() * ROW + 24;
    StringBuilder svg = open(id, title, height);
    double plot = WIDTH - LABEL - 210;
    axis(svg, LABEL, plot, 0, max, TOP, TOP + bars.size() * ROW);
    for (int i = 0; i < bars.size(); i++) {
      Bar bar = bars.get(i);
      double y = TOP + i * ROW;
      double w = max == 0 ? 0 : plot * bar.value() / max;
      svg.append("<g class=\"bar\"");
      bar.data().forEach((k, v) -> svg.append(" data-").append(k).append("=\"").append(esc(v)).append('"'));
      svg.append("><title>").append(esc(bar.tooltip())).append("</title>")
          .append(label(LABEL - 8, y + ROW / 2.0, bar.label()))
          .append("<rect class=\"fill\" x=\"").append(LABEL).append("\" y=\"").append(px(y + 3))
          .append("\" width=\"").append(px(w)).append("\" height=\"").append(ROW - 6).append("\"/>")
          .append("<text class=\"value\" x=\"").append(px(LABEL + w + 6)).append("\" y=\"").append(px(y + ROW / 2.0))
          .append("\" dominant-baseline=\"middle\">").append(esc(bar.text())).append("</text></g>");
    }
    return svg.append("</svg>").toString();
  }

  /** Vertical bars of counts over equal bins from {@code lo} to {@code hi} (a histogram). */
  static String histogram(String id, String title, long[] counts, double lo, double hi, String unit) {
    StringBuilder svg = open(id, title, TOP + PLOT_HEIGHT + 44);
    long max = 0;
    for (long c : counts) {
      max = Math.max(max, c);
    }
    double top = niceTop(max);
    double left = 60;
    double plot = WIDTH - left - 20;
    double bottom = TOP + PLOT_HEIGHT;
    yAxis(svg, left, plot, top, bottom);
    double slot = plot / counts.length;
    double bin = (hi - lo) / counts.length;
    for (int i = 0; i < counts.length; i++) {
      double h = top == 0 ? 0 : PLOT_HEIGHT * counts[i] / top;
      double x = left + i * slot;
      String from = fmt(lo + i * bin);
      String to = fmt(lo + (i + 1) * bin);
      // Bins include their lower bound; the last one also its upper bound.
      String range = from + (i == counts.length - 1 ? " to " + to : " to under " + to);
      svg.append("<g class=\"bin\" data-count=\"").append(counts[i]).append("\"><title>")
          .append(esc(counts[i] + " " + unit + " scoring " + range))
          .append("</title><rect class=\"fill\" x=\"").append(px(x + 2)).append("\" y=\"").append(px(bottom - h))
          .append("\" width=\"").append(px(slot - 4)).append("\" height=\"").append(px(h)).append("\"/>")
          .append(text("value", x + slot / 2, bottom - h - 5, "middle", String.valueOf(counts[i])))
          .append(text("tick", x + slot / 2, bottom + 16, "middle", from + "–" + to)).append("</g>");
    }
    return svg.append("</svg>").toString();
  }

  /**
   * One row per group: the whisker spans min to max, the box the quartiles, the thick line the
   * median; with few values in all, every value is also drawn as a dot (a strip plot).
   */
  static String boxPlot(String id, String title, List<Group> groups, double lo, double hi) {
    int height = TOP + groups.size() * ROW + 24;
    StringBuilder svg = open(id, title, height);
    double plot = WIDTH - LABEL - 40;
    axis(svg, LABEL, plot, lo, hi, TOP, TOP + groups.size() * ROW);
    boolean dots = groups.stream().mapToInt(g -> g.sorted().length).sum() <= BOX_DOTS_MAX;
    for (int i = 0; i < groups.size(); i++) {
      Group g = groups.get(i);
      double[] v = g.sorted();
      double mid = TOP + i * ROW + ROW / 2.0;
      double q1 = x(quantile(v, 0.25), lo, hi, plot);
      double q3 = x(quantile(v, 0.75), lo, hi, plot);
      double med = x(quantile(v, 0.5), lo, hi, plot);
      svg.append("<g class=\"box\"><title>").append(esc(g.label() + ": " + v.length + " values, min " + fmt(v[0])
              + ", quartiles " + fmt(quantile(v, 0.25)) + " / " + fmt(quantile(v, 0.5)) + " / "
              + fmt(quantile(v, 0.75)) + ", max " + fmt(v[v.length - 1])))
          .append("</title>").append(label(LABEL - 8, mid, g.label()))
          .append(line("whisker", x(v[0], lo, hi, plot), mid, x(v[v.length - 1], lo, hi, plot), mid))
          .append("<rect class=\"quartiles\" x=\"").append(px(q1)).append("\" y=\"").append(px(mid - 7))
          .append("\" width=\"").append(px(Math.max(q3 - q1, 1))).append("\" height=\"14\"/>")
          .append(line("median", med, mid - 7, med, mid + 7));
      if (dots) {
        for (int j = 0; j < v.length; j++) {
          // A small fixed vertical offset keeps equal values apart without randomness.
          svg.append("<circle class=\"dot\" cx=\"").append(px(x(v[j], lo, hi, plot))).append("\" cy=\"")
              .append(px(mid + (j % 3 - 1) * 3)).append("\" r=\"2.5\"/>");
        }
      }
      svg.append("</g>");
    }
    return svg.append("</svg>").toString();
  }

  /** Stacked columns, one per entry of {@code columns}, one colour per series, with a legend. */
  static String stackedColumns(String id, String title, List<Column> columns, List<String> series) {
    int legendRows = (series.size() + 2) / 3;
    int top = TOP + legendRows * 18;
    StringBuilder svg = open(id, title, top + PLOT_HEIGHT + 44);
    for (int s = 0; s < series.size(); s++) {
      double x = 60 + (s % 3) * 300;
      double y = 8 + (s / 3) * 18;
      svg.append("<g class=\"legend\"><rect x=\"").append(px(x)).append("\" y=\"").append(px(y))
          .append("\" width=\"12\" height=\"12\" fill=\"").append(color(s)).append("\"/>")
          .append(text("tick", x + 18, y + 10, "start", esc(series.get(s)))).append("</g>");
    }
    long max = columns.stream().mapToLong(c -> c.values().values().stream().mapToLong(Long::longValue).sum())
        .max().orElse(0);
    double axisTop = niceTop(max);
    double left = 60;
    double plot = WIDTH - left - 20;
    double bottom = top + PLOT_HEIGHT;
    yAxis(svg, left, plot, axisTop, bottom);
    double slot = plot / Math.max(columns.size(), 1);
    double width = Math.min(slot * 0.6, 80);
    for (int i = 0; i < columns.size(); i++) {
      Column c = columns.get(i);
      double x = left + i * slot + (slot - width) / 2;
      double y = bottom;
      svg.append("<g class=\"column").append(c.failed() ? " failed" : "").append("\"><title>")
          .append(esc(c.tooltip())).append("</title>");
      long total = 0;
      for (int s = 0; s < series.size(); s++) {
        long rows = c.values().getOrDefault(series.get(s), 0L);
        double h = axisTop == 0 ? 0 : PLOT_HEIGHT * rows / axisTop;
        y -= h;
        total += rows;
        if (rows > 0) {
          svg.append("<rect x=\"").append(px(x)).append("\" y=\"").append(px(y)).append("\" width=\"")
              .append(px(width)).append("\" height=\"").append(px(h)).append("\" fill=\"").append(color(s))
              .append("\"><title>").append(esc(series.get(s) + ": " + rows + " rows")).append("</title></rect>");
        }
      }
      svg.append(text("value", x + width / 2, y - 5, "middle", String.valueOf(total)))
          .append(text("tick" + (c.failed() ? " failed" : ""), x + width / 2, bottom + 16, "middle", esc(c.label())))
          .append("</g>");
    }
    return svg.append("</svg>").toString();
  }

  /** The quantile {@code p} of sorted values, interpolated between neighbours (R's type 7). */
  static double quantile(double[] sorted, double p) {
    double h = (sorted.length - 1) * p;
    int i = (int) Math.floor(h);
    return i + 1 < sorted.length ? sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
  }

  private static StringBuilder open(String id, String title, int height) {
    return new StringBuilder().append("<svg id=\"").append(id).append("\" class=\"chart\" viewBox=\"0 0 ")
        .append(WIDTH).append(' ').append(height).append("\" role=\"img\" aria-label=\"").append(esc(title))
        .append("\" xmlns=\"http://www.w3.org/2000/svg\">");
  }

  /** The x axis from lo to hi with 5 gridlines, labels at the bottom (and the top of a tall chart). */
  private static void axis(StringBuilder svg, double left, double plot, double lo, double hi, double y0, double y1) {
    boolean tall = y1 - y0 > 20 * ROW;
    for (int t = 0; t <= 4; t++) {
      String value = fmt(lo + (hi - lo) * t / 4);
      double x = left + plot * t / 4;
      svg.append(line("grid", x, y0, x, y1)).append(text("tick", x, y1 + 14, "middle", value));
      if (tall) {
        svg.append(text("tick", x, y0 - 6, "middle", value));
      }
    }
  }

  /** The y axis from 0 to top with 5 gridlines, labels at the left. */
  private static void yAxis(StringBuilder svg, double left, double plot, double top, double bottom) {
    for (int t = 0; t <= 4; t++) {
      double y = bottom - PLOT_HEIGHT * t / 4.0;
      svg.append(line("grid", left, y, left + plot, y))
          .append(text("tick", left - 6, y + 4, "end", fmt(top * t / 4)));
    }
  }

  /** A label right-aligned at x, cut to 24 characters (the tooltip has it whole). */
  private static String label(double x, double y, String label) {
    String shown = label.codePointCount(0, label.length()) > 24
        ? label.substring(0, label.offsetByCodePoints(0, 23)) + "…" : label;
    return "<text class=\"label\" x=\"" + px(x) + "\" y=\"" + px(y) + "\" text-anchor=\"end\" dominant-baseline=\"middle\">"
        + esc(shown) + "</text>";
  }

  /** Text whose content is already escaped. */
  private static String text(String cls, double x, double y, String anchor, String escaped) {
    return "<text class=\"" + cls + "\" x=\"" + px(x) + "\" y=\"" + px(y) + "\" text-anchor=\"" + anchor + "\">"
        + escaped + "</text>";
  }

  private static String line(String cls, double x1, double y1, double x2, double y2) {
    return "<line class=\"" + cls + "\" x1=\"" + px(x1) + "\" y1=\"" + px(y1) + "\" x2=\"" + px(x2) + "\" y2=\""
        + px(y2) + "\"/>";
  }

  private static double x(double value, double lo, double hi, double plot) {
    return LABEL + plot * (value - lo) / (hi - lo);
  }

  private static String color(int series) {
    return PALETTE.get(series % PALETTE.size());
  }

  /** The smallest round number (1, 2 or 5 times a power of ten, times 4) at or above max, for 4 gridlines. */
  private static double niceTop(long max) {
    if (max == 0) {
      return 4;
    }
    double raw = max / 4.0;
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double step : new double[] {1, 2, 5, 10}) {
      if (step * magnitude >= raw && step * magnitude >= 1) {
        return 4 * step * magnitude;
      }
    }
    return 4 * Math.max(1, 10 * magnitude);
  }

  /** An axis or score value: whole numbers without decimals, others to 2 places. */
  private static String fmt(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : Html.decimal(value);
  }
}
