package io.sentifuse.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.data.Pair;
import io.sentifuse.data.PairRecordReader;
import io.sentifuse.files.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code serve}'s HTTP API on a real bundle: eight concurrent requests each get the prediction the bundle gives for
 * that pair; an oversized body is refused with 413, an undecodable image and a missing text with 400 naming the
 * field; the server keeps serving afterwards.
 */
class ServeTest {

    private static final Path DATA = Path.of("datasets/fixture/mvsa-single/data");
    private static Predictor predictor;
    private static PredictionServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        predictor = Predictor.open(TestBundles.cmac());
        server = PredictionServer.start(predictor, "127.0.0.1", 0, 200_000);
    }

    @AfterAll
    static void stop() {
        server.close();
        predictor.close();
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static HttpRequest multipart(String text, byte[] image) {
        String boundary = "----sentifuse" + System.nanoTime();
        StringBuilder head = new StringBuilder();
        if (text != null) {
            head.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n")
                    .append(text).append("\r\n");
        }
        byte[] start = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] imageHead = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; "
                + "filename=\"x.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] end = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = concat(start, image == null ? new byte[0] : imageHead, image == null ? new byte[0] : image,
                image == null ? ("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8) : end);
        return HttpRequest.newBuilder(uri("/predict")).header("Content-Type", "multipart/form-data; boundary="
                + boundary).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @Test
    void eightConcurrentRequestsGetTheirOwnPredictions() throws Exception {
        List<String> texts = List.of("What a gorgeous sunny morning! So happy :)", "Stuck in the freezing rain again",
                "The meeting moved to room 204 at 3pm.", "Best day ever with my friends",
                "So sad to hear the news tonight.", "Bus timetable updated for route 12.",
                "Love this warm golden sunset", "Dark, cold and lonely.");
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Path image = DATA.resolve((i + 1) + ".jpg");
            pairs.add(new Pair("p" + i, texts.get(i), "UTF-8", image, null, null, null));
            calls.add(HTTP.sendAsync(multipart(texts.get(i), Files.readAllBytes(image)),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<Prediction> direct = predictor.predict(PairRecordReader.of(pairs).records()).predictions();
        for (int i = 0; i < 8; i++) {
            HttpResponse<String> r = calls.get(i).get();
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode p = Json.mapper().readTree(r.body());
            assertThat(p.get("label").asText()).isEqualTo(direct.get(i).label());
            for (String label : List.of("negative", "neutral", "positive")) {
                assertThat(p.at("/probabilities/" + label).asDouble()).as(texts.get(i) + " " + label)
                        .isCloseTo(direct.get(i).probabilities().get(label), org.assertj.core.api.Assertions.within(1e-5));
            }
            assertThat(p.at("/attention/regions")).hasSize(7);
        }
    }

    @Test
    void badRequestsGetFourHundredsNamingTheFieldAndTheServerKeepsServing() throws Exception {
        HttpResponse<String> big = HTTP.send(multipart("big", new byte[300_000]), HttpResponse.BodyHandlers.ofString());
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(Json.mapper().readTree(big.body()).get("error").asText()).contains("over the limit of 200000 bytes");

        HttpResponse<String> garbage = HTTP.send(multipart("some text", "not an image".getBytes(StandardCharsets.UTF_8)),
                HttpResponse.BodyHandlers.ofString());
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(Json.mapper().readTree(garbage.body()).get("field").asText()).isEqualTo("image");

        HttpResponse<String> noText = HTTP.send(multipart(null, Files.readAllBytes(DATA.resolve("1.jpg"))),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noText.statusCode()).isEqualTo(400);
        assertThat(Json.mapper().readTree(noText.body()).get("field").asText()).isEqualTo("text");

        HttpResponse<String> badJson = HTTP.send(HttpRequest.newBuilder(uri("/predict"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"text\": \"hi\", \"image\": \"***\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(Json.mapper().readTree(badJson.body()).get("field").asText()).isEqualTo("image");

        String image = Base64.getEncoder().encodeToString(Files.readAllBytes(DATA.resolve("3.jpg")));
        HttpResponse<String> ok = HTTP.send(HttpRequest.newBuilder(uri("/predict"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"text\": \"Love this warm golden sunset\", \"image\": \"" + image + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(Json.mapper().readTree(ok.body()).get("label").asText()).isIn("negative", "neutral", "positive");

        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(uri("/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(Json.mapper().readTree(health.body()).get("head").asText()).isEqualTo("cmac");
        HttpResponse<String> model = HTTP.send(HttpRequest.newBuilder(uri("/model")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(Json.mapper().readTree(model.body()).get("format").asText()).isEqualTo(BundleFiles.FORMAT);
    }
}
