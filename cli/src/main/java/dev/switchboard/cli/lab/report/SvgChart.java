package dev.switchboard.cli.lab.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small chart rendered as inline SVG, so a report is one self-contained HTML file with no image
 * files and no chart library: line charts (linear or log axes, optional custom x ticks) and grouped
 * bar charts. Not thread-safe; build, then {@link #render()}.
 *
 * <pre>{@code
 * String svg = SvgChart.line("Latency", "percentile", "ms").logY()
 *     .series("no hedging", xs, ys).series("hedged", xs, ys2).render();
 * }</pre>
 */
public final class SvgChart {
  private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf"};
  private static final int WIDTH = 900;
  private static final int HEIGHT = 380;
  private static final int LEFT = 72;
  private static final int TOP = 36;
  private static final int PLOT_W = 560;
  private static final int PLOT_H = 280;

  private record Series(String name, double[] xs, double[] ys) {}

  private final boolean bars;
  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<String> categories;
  private final List<Series> series = new ArrayList<>();
  private boolean logY;
  private Double yMin;
  private Double yMax;
  private double[] xTicks;
  private String[] xTickLabels;

  private SvgChart(boolean bars, String title, String xLabel, String yLabel, List<String> categories) {
    this.bars = bars;
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.categories = categories;
  }

  /** A line chart. */
  public static SvgChart line(String title, String xLabel, String yLabel) {
    return new SvgChart(false, title, xLabel, yLabel, List.of());
  }

  /** A grouped bar chart, one group per category. */
  public static SvgChart bars(String title, String yLabel, List<String> categories) {
    return new SvgChart(true, title, "", yLabel, List.copyOf(categories));
  }

  /** A line through {@code (xs[i], ys[i])}; NaN values leave a gap. */
  public SvgChart series(String name, double[] xs, double[] ys) {
    if (bars || xs.length != ys.length) {
      throw new IllegalArgumentException("series " + name + ": a line chart needs as many x as y values");
    }
    series.add(new Series(name, xs.clone(), ys.clone()));
    return this;
  }

  /** One bar per category for {@code name}. */
  public SvgChart bars(String name, double[] values) {
    if (!bars || values.length != categories.size()) {
      throw new IllegalArgumentException("bars " + name + ": one value per category needed");
    }
    series.add(new Series(name, new double[0], values.clone()));
    return this;
  }

  /** Logarithmic y axis (non-positive values are not drawn). */
  public SvgChart logY() {
    this.logY = true;
    return this;
  }

  /** Fixes the y range instead of fitting it to the data. */
  public SvgChart yRange(double min, double max) {
    this.yMin = min;
    this.yMax = max;
    return this;
  }

  /** Labels the x axis at these positions only (e.g. percentiles on a transformed axis). */
  public SvgChart xTicks(double[] positions, String[] labels) {
    this.xTicks = positions.clone();
    this.xTickLabels = labels.clone();
    return this;
  }

  /** Where a percentile sits on an axis on which 90, 99 and 99.9 are evenly spaced. */
  public static double percentileX(double percentile) {
    return -Math.log10(1 - percentile / 100.0);
  }

  /** Labels the x axis at these percentiles; series then use {@link #percentileX} for their x values. */
  public SvgChart percentileTicks(double... percentiles) {
    double[] at = new double[percentiles.length];
    String[] labels = new String[percentiles.length];
    for (int i = 0; i < percentiles.length; i++) {
      at[i] = percentileX(percentiles[i]);
      labels[i] = java.math.BigDecimal.valueOf(percentiles[i]).stripTrailingZeros().toPlainString();
    }
    return xTicks(at, labels);
  }

  public String render() {
    double[] yr = yRange();
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
        + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\"><title>%s</title>%n",
        WIDTH, HEIGHT, WIDTH, HEIGHT, esc(title), esc(title)));
    svg.append(text(LEFT, 20, title, "start", "font-size=\"14\" font-weight=\"bold\""));
    for (double tick : yTicks(yr)) {
      double y = sy(tick, yr);
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
          LEFT, LEFT + PLOT_W, y, y));
      svg.append(text(LEFT - 6, y + 4, fmt(tick), "end", ""));
    }
    svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>%n",
        LEFT, TOP, PLOT_W, PLOT_H));
    svg.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 16 %d)\">%s</text>%n",
        TOP + PLOT_H / 2, TOP + PLOT_H / 2, esc(yLabel)));
    svg.append(text(LEFT + PLOT_W / 2.0, HEIGHT - 8, xLabel, "middle", ""));
    if (bars) {
      renderBars(svg, yr);
    } else {
      renderLines(svg, yr);
    }
    for (int i = 0; i < series.size(); i++) {
      int y = TOP + 10 + i * 20;
      svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"10\" fill=\"%s\"/>%n",
          LEFT + PLOT_W + 16, y - 9, color(i)));
      svg.append(text(LEFT + PLOT_W + 36, y, series.get(i).name(), "start", ""));
    }
    return svg.append("</svg>\n").toString();
  }

  private void renderLines(StringBuilder svg, double[] yr) {
    double[] xr = xRange();
    if (xTicks != null) {
      for (int i = 0; i < xTicks.length; i++) {
        double x = sx(xTicks[i], xr);
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#eee\"/>%n",
            x, x, TOP, TOP + PLOT_H));
        svg.append(text(x, TOP + PLOT_H + 16, xTickLabels[i], "middle", ""));
      }
    } else {
      for (double tick : linearTicks(xr[0], xr[1])) {
        svg.append(text(sx(tick, xr), TOP + PLOT_H + 16, fmt(tick), "middle", ""));
      }
    }
    for (int s = 0; s < series.size(); s++) {
      Series line = series.get(s);
      StringBuilder path = new StringBuilder();
      boolean pen = false;
      for (int i = 0; i < line.xs().length; i++) {
        double y = line.ys()[i];
        if (!drawable(y) || Double.isNaN(line.xs()[i])) {
          pen = false;
          continue;
        }
        path.append(String.format(Locale.ROOT, "%s%.1f %.1f ", pen ? "L" : "M", sx(line.xs()[i], xr), sy(clampY(y, yr), yr)));
        pen = true;
      }
      svg.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
          path.toString().trim(), color(s)));
      if (line.xs().length <= 40) {
        for (int i = 0; i < line.xs().length; i++) {
          if (drawable(line.ys()[i])) {
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n",
                sx(line.xs()[i], xr), sy(clampY(line.ys()[i], yr), yr), color(s)));
          }
        }
      }
    }
  }

  private void renderBars(StringBuilder svg, double[] yr) {
    double group = (double) PLOT_W / categories.size();
    double bar = Math.min(48, group * 0.8 / Math.max(1, series.size()));
    for (int c = 0; c < categories.size(); c++) {
      double left = LEFT + c * group + (group - bar * series.size()) / 2;
      svg.append(text(LEFT + (c + 0.5) * group, TOP + PLOT_H + 16, categories.get(c), "middle", ""));
      for (int s = 0; s < series.size(); s++) {
        double v = series.get(s).ys()[c];
        if (!drawable(v)) {
          continue;
        }
        double y = sy(clampY(v, yr), yr);
        double base = sy(logY ? yr[0] : Math.max(0, yr[0]), yr);
        svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n",
            left + s * bar, Math.min(y, base), bar - 2, Math.abs(base - y), color(s)));
        svg.append(text(left + s * bar + bar / 2 - 1, Math.min(y, base) - 4, fmt(v), "middle", "font-size=\"10\""));
      }
    }
  }

  private boolean drawable(double v) {
    return !Double.isNaN(v) && !Double.isInfinite(v) && (!logY || v > 0);
  }

  private double clampY(double v, double[] yr) {
    return Math.max(yr[0], Math.min(yr[1], v));
  }

  private double[] xRange() {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (double x : s.xs()) {
        if (!Double.isNaN(x)) {
          lo = Math.min(lo, x);
          hi = Math.max(hi, x);
        }
      }
    }
    if (xTicks != null) {
      for (double x : xTicks) {
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
      }
    }
    if (!(lo < hi)) {
      return new double[] {Double.isInfinite(lo) ? 0 : lo - 1, Double.isInfinite(hi) ? 1 : hi + 1};
    }
    return new double[] {lo, hi};
  }

  private double[] yRange() {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (double y : s.ys()) {
        if (drawable(y)) {
          lo = Math.min(lo, y);
          hi = Math.max(hi, y);
        }
      }
    }
    if (Double.isInfinite(lo)) {
      lo = logY ? 1 : 0;
      hi = logY ? 10 : 1;
    }
    if (logY) {
      lo = Math.pow(10, Math.floor(Math.log10(lo * 0.999))); // a value on a power of ten still gets a visible bar
      hi = Math.pow(10, Math.ceil(Math.log10(hi * 1.0001)));
    } else {
      lo = Math.min(0, lo);
      double step = niceStep((hi - lo) / 5);
      hi = Math.ceil(hi * 1.05 / step) * step;
      if (hi <= lo) {
        hi = lo + 1;
      }
    }
    return new double[] {yMin != null ? yMin : lo, yMax != null ? yMax : hi};
  }

  private List<Double> yTicks(double[] yr) {
    if (!logY) {
      return linearTicks(yr[0], yr[1]);
    }
    List<Double> ticks = new ArrayList<>();
    boolean fine = Math.log10(yr[1] / yr[0]) <= 2;
    for (double decade = yr[0]; decade <= yr[1] * 1.0001; decade *= 10) {
      ticks.add(decade);
      if (fine) {
        for (double m : new double[] {2, 5}) {
          if (decade * m < yr[1]) {
            ticks.add(decade * m);
          }
        }
      }
    }
    return ticks;
  }

  private static List<Double> linearTicks(double lo, double hi) {
    double step = niceStep((hi - lo) / 5);
    List<Double> ticks = new ArrayList<>();
    for (double t = Math.ceil(lo / step) * step; t <= hi + step / 1000; t += step) {
      ticks.add(Math.abs(t) < step / 1e6 ? 0 : t);
    }
    return ticks;
  }

  private static double niceStep(double raw) {
    if (!(raw > 0)) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(raw)));
    double f = raw / p;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
  }

  private double sx(double x, double[] xr) {
    return LEFT + (x - xr[0]) / (xr[1] - xr[0]) * PLOT_W;
  }

  private double sy(double y, double[] yr) {
    double f = logY ? (Math.log10(y) - Math.log10(yr[0])) / (Math.log10(yr[1]) - Math.log10(yr[0]))
        : (y - yr[0]) / (yr[1] - yr[0]);
    return TOP + PLOT_H - f * PLOT_H;
  }

  private static String color(int i) {
    return COLORS[i % COLORS.length];
  }

  /** Short human numbers for ticks and labels: 1800, 74, 2.5, 0.35. */
  static String fmt(double v) {
    double a = Math.abs(v);
    String s = a >= 100 || a == 0 ? String.format(Locale.ROOT, "%.0f", v)
        : a >= 10 ? String.format(Locale.ROOT, "%.1f", v)
        : a >= 1 ? String.format(Locale.ROOT, "%.2f", v)
        : String.format(Locale.ROOT, "%.3f", v);
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }

  private static String text(double x, double y, String s, String anchor, String extra) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" %s>%s</text>%n", x, y, anchor,
        extra, esc(s));
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
