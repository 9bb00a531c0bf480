package com.offloadnic.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Throughput (frames/s, log scale) against batch size (NBLs per request) for each encoding and client count, with
 * the in-process limit and the peers as horizontal lines. Plain Java2D, headless.
 */
final class BenchChart {

    private static final int W = 1040;
    private static final int H = 560;
    private static final int LEFT = 90;
    private static final int RIGHT = 400;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;

    private BenchChart() {
    }

    static void draw(Path png, ServiceBench.Result limit, List<ServiceBench.Result> http, Map<String, Double> peers)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        // the x axis: every batch size measured (the 1, 16, 64 and any extra), evenly spaced
        int[] batches = http.stream().mapToInt(ServiceBench.Result::batch).filter(b -> b > 0).distinct().sorted()
                .toArray();
        var img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        double max = Math.max(limit.framesPerSecond(), http.stream().mapToDouble(ServiceBench.Result::framesPerSecond)
                .max().orElse(1));
        double min = Math.min(peers.values().stream().mapToDouble(Double::doubleValue).min().orElse(max),
                http.stream().mapToDouble(ServiceBench.Result::framesPerSecond).filter(v -> v > 0).min().orElse(max));
        double lo = Math.pow(10, Math.floor(Math.log10(Math.max(1, min))));
        double hi = Math.pow(10, Math.ceil(Math.log10(max * 1.01)));
        int plotW = W - LEFT - RIGHT;
        int plotH = H - TOP - BOTTOM;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString("OffloadNIC send path: 1400-byte AES-GCM-256 frames, throughput vs batch size", LEFT, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawRect(LEFT, TOP, plotW, plotH);
        for (double v = lo; v <= hi * 1.001; v *= 10) {
            int y = y(v, lo, hi, plotH);
            g.setColor(new Color(225, 225, 225));
            g.drawLine(LEFT + 1, y, LEFT + plotW - 1, y);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%,.0f", v), 8, y + 4);
        }
        for (int i = 0; i < batches.length; i++) {
            int x = x(i, batches.length, plotW);
            g.drawString(Integer.toString(batches[i]), x - 6, TOP + plotH + 18);
        }
        g.drawString("NBLs (1400-byte frames) per HTTP request", LEFT + plotW / 2 - 120, H - 18);
        g.drawString("frames/s", 8, TOP - 10);

        int legendY = TOP + 10;
        legendY = hline(g, limit.framesPerSecond(), lo, hi, plotW, plotH, new Color(200, 0, 0),
                "in-process JCE limit", legendY);
        Color[] peerColors = {new Color(120, 120, 120), new Color(160, 100, 0)};
        int p = 0;
        for (var peer : peers.entrySet()) {
            legendY = hline(g, peer.getValue(), lo, hi, plotW, plotH, peerColors[p++ % peerColors.length],
                    peer.getKey(), legendY);
        }
        Color[] json = {new Color(150, 190, 255), new Color(60, 120, 230), new Color(0, 40, 150)};
        Color[] cbor = {new Color(150, 230, 150), new Color(40, 170, 40), new Color(0, 100, 0)};
        int[] clientsSet = http.stream().mapToInt(ServiceBench.Result::clients).distinct().sorted().toArray();
        for (String enc : List.of("json", "cbor")) {
            for (int c = 0; c < clientsSet.length; c++) {
                int clients = clientsSet[c];
                Color color = (enc.equals("json") ? json : cbor)[Math.min(2, c)];
                g.setColor(color);
                g.setStroke(new BasicStroke(2.5f));
                int px = -1;
                int py = -1;
                for (int i = 0; i < batches.length; i++) {
                    int batch = batches[i];
                    var r = http.stream().filter(x -> x.encoding().equals(enc) && x.batch() == batch
                            && x.clients() == clients).findFirst();
                    if (r.isEmpty() || r.get().framesPerSecond() <= 0) {
                        continue;
                    }
                    int xx = x(i, batches.length, plotW);
                    int yy = y(r.get().framesPerSecond(), lo, hi, plotH);
                    g.fillOval(xx - 4, yy - 4, 8, 8);
                    if (px >= 0) {
                        g.drawLine(px, py, xx, yy);
                    }
                    px = xx;
                    py = yy;
                }
                g.fillRect(W - RIGHT + 15, legendY - 9, 18, 10);
                g.setColor(Color.BLACK);
                g.drawString(enc.toUpperCase(Locale.ROOT) + ", " + clients + " client" + (clients == 1 ? "" : "s"),
                        W - RIGHT + 40, legendY);
                legendY += 18;
            }
        }
        g.dispose();
        ImageIO.write(img, "png", png.toFile());
    }

    private static int hline(Graphics2D g, double v, double lo, double hi, int plotW, int plotH, Color c,
            String label, int legendY) {
        g.setColor(c);
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
        int y = y(v, lo, hi, plotH);
        g.drawLine(LEFT + 1, y, LEFT + plotW - 1, y);
        g.drawLine(W - RIGHT + 15, legendY - 4, W - RIGHT + 33, legendY - 4);
        g.setColor(Color.BLACK);
        g.drawString(label, W - RIGHT + 40, legendY);
        return legendY + 18;
    }

    private static int x(int i, int n, int plotW) {
        return n < 2 ? LEFT + plotW / 2 : LEFT + 60 + i * (plotW - 120) / (n - 1);
    }

    private static int y(double v, double lo, double hi, int plotH) {
        double f = (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
        return TOP + plotH - (int) Math.round(f * plotH);
    }
}
