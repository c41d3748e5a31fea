package io.sentifuse.reproduce;

import io.sentifuse.errors.UserInputException;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

/**
 * {@code table.png}: accuracy and weighted F1 per model and protocol as bars with ±1 sd error bars, and the
 * published values (paper, course project) as markers on the same axis. Drawn with JFreeChart, headless.
 */
final class TablePlot {

    private TablePlot() {
    }

    static void write(Path file, List<TableRow> rows, References refs) {
        System.setProperty("java.awt.headless", "true");
        DefaultStatisticalCategoryDataset bars = new DefaultStatisticalCategoryDataset();
        DefaultCategoryDataset marks = new DefaultCategoryDataset();
        for (TableRow r : rows) {
            String category = r.model() + (rows.stream().anyMatch(o -> !o.protocol().equals(r.protocol()))
                    ? " (" + r.protocol() + ")" : "");
            bars.add(r.accMean(), r.accSd(), "accuracy", category);
            bars.add(r.wf1Mean(), r.wf1Sd(), "weighted F1", category);
            // every category gets a (possibly empty) value in both series: the renderer places the markers by
            // column index, so a category missing here would shift every later marker onto another model
            for (String source : List.of("paper", "course")) {
                References.Source s = refs.sources().get(source);
                References.Figure f = refs.figure(source, r.model());
                boolean shown = s != null && f != null && s.protocol().equals(r.protocol());
                marks.addValue(shown ? (Number) f.acc() : null, source + " (reported accuracy)", category);
            }
        }
        CategoryAxis x = new CategoryAxis("model");
        x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        NumberAxis y = new NumberAxis("percent");
        y.setAutoRangeIncludesZero(false);
        y.setRange(30, 100);
        StatisticalBarRenderer barRenderer = new StatisticalBarRenderer();
        barRenderer.setErrorIndicatorPaint(Color.DARK_GRAY);
        barRenderer.setSeriesPaint(0, new Color(0x4C78A8));
        barRenderer.setSeriesPaint(1, new Color(0xF58518));
        CategoryPlot plot = new CategoryPlot(bars, x, y, barRenderer);
        LineAndShapeRenderer markRenderer = new LineAndShapeRenderer(false, true);
        markRenderer.setSeriesPaint(0, Color.BLACK);
        markRenderer.setSeriesPaint(1, new Color(0xB00020));
        markRenderer.setDefaultStroke(new BasicStroke(2f));
        plot.setDataset(1, marks);
        plot.setRenderer(1, markRenderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart("MVSA-Single: ours (mean ± sd over seeds) and reported values",
                new Font("SansSerif", Font.BOLD, 14), plot, true);
        chart.addSubtitle(new TextTitle("paper protocol: best validation epoch (optimistic); standard protocol: "
                + "test part of the dev-chosen epoch"));
        chart.setBackgroundPaint(Color.WHITE);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            ChartUtils.saveChartAsPNG(file.toFile(), chart, Math.max(900, 90 * rows.size()), 560);
        } catch (IOException e) {
            throw new UserInputException("cannot write the plot " + file + ": " + e.getMessage(), e);
        }
    }
}
