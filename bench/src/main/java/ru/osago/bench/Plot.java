package ru.osago.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Two panels drawn with Java2D: requests per second over time, and p99 latencies per second. */
final class Plot {

    record Series(String name, Color color, double[] values) {
    }

    private static final int WIDTH = 1100;
    private static final int PANEL = 320;
    private static final int LEFT = 80;
    private static final int RIGHT = 220;

    private Plot() {
    }

    static void write(Path file, String title, List<Series> rates, List<Series> latencies) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, 2 * PANEL + 80, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, LEFT, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        panel(g, 40, "requests / s", rates);
        panel(g, 40 + PANEL + 30, "p99 latency per second, ms (by arrival time)", latencies);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static void panel(Graphics2D g, int top, String yLabel, List<Series> series) {
        int h = PANEL - 40;
        int w = WIDTH - LEFT - RIGHT;
        int n = series.stream().mapToInt(s -> s.values.length).max().orElse(1);
        double max = 1;
        for (Series s : series) {
            for (double v : s.values) {
                if (!Double.isNaN(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        max = niceCeiling(max);
        g.setColor(new Color(235, 235, 235));
        for (int i = 0; i <= 4; i++) {
            int y = top + h - i * h / 4;
            g.drawLine(LEFT, y, LEFT + w, y);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, top, w, h);
        for (int i = 0; i <= 4; i++) {
            int y = top + h - i * h / 4;
            g.drawString(format(max * i / 4), 8, y + 4);
        }
        // about ten labels, every 10 s at least
        int step = Math.max(10, n / 100 * 10);
        for (int x = 0; x < n; x += step) {
            int px = LEFT + x * w / Math.max(1, n - 1);
            g.drawString(x + "s", px - 8, top + h + 15);
        }
        g.drawString(yLabel, LEFT + 5, top - 4);
        int legend = top + 15;
        for (Series s : series) {
            g.setColor(s.color);
            g.setStroke(new BasicStroke(1.6f));
            int prevX = -1;
            int prevY = -1;
            for (int x = 0; x < s.values.length; x++) {
                if (Double.isNaN(s.values[x])) {
                    prevX = -1;
                    continue;
                }
                int px = LEFT + x * w / Math.max(1, n - 1);
                int py = top + h - (int) (s.values[x] / max * h);
                if (prevX >= 0) {
                    g.drawLine(prevX, prevY, px, py);
                }
                prevX = px;
                prevY = py;
            }
            g.fillRect(LEFT + w + 15, legend - 8, 12, 8);
            g.setColor(Color.BLACK);
            g.drawString(s.name, LEFT + w + 32, legend);
            legend += 18;
        }
    }

    private static double niceCeiling(double v) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * magnitude >= v) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String format(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(java.util.Locale.ROOT, "%.1f", v);
    }
}
