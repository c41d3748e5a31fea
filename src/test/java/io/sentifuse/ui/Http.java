package io.sentifuse.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.sentifuse.files.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain GETs against the UI server, for tests. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Response(int status, String body, String contentType) {
        JsonNode json() throws IOException {
            return Json.mapper().readTree(body);
        }
    }

    private Http() {
    }

    static Response get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body(), r.headers().firstValue("content-type").orElse(""));
    }

    static JsonNode json(String url) throws IOException, InterruptedException {
        Response r = get(url);
        if (r.status() != 200) {
            throw new IOException(url + " answered HTTP " + r.status() + ": " + r.body());
        }
        return r.json();
    }

    /** DL4J's {@code /train} overview data of one session: the stock server shows one at a time, so select it first. */
    static JsonNode trainOverview(String base, String sessionId) throws IOException, InterruptedException {
        Response set = get(base + "/train/sessions/set/" + sessionId);
        if (set.status() != 200) {
            throw new IOException("selecting DL4J session " + sessionId + " answered HTTP " + set.status() + ": " + set.body());
        }
        return json(base + "/train/overview/data");
    }
}
