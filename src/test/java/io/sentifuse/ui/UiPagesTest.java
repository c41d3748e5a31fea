package io.sentifuse.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pages load offline: every script, style and image comes from the server itself. */
class UiPagesTest {

    private static final Pattern REF = Pattern.compile("(?:src|href)\\s*=\\s*[\"']([^\"']+)[\"']");

    private static UiServer server;

    @BeforeAll
    static void start() {
        server = UiServer.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        server.close();
        assertThat(UiServer.isRunning()).isFalse();
    }

    @Test
    void projectPageAndItsAssetsAreServedLocally() throws Exception {
        Http.Response page = Http.get(server.pageUrl());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        List<String> refs = refs(page.body());
        assertThat(refs).contains("/sentifuse/static/charts.js", "/sentifuse/static/app.js", "/sentifuse/static/style.css");
        for (String ref : refs) {
            assertThat(ref).as("asset must be local").startsWith("/");
            Http.Response asset = Http.get(server.baseUrl() + ref);
            assertThat(asset.status()).as(ref).isEqualTo(200);
            assertThat(asset.body()).as(ref).isNotBlank();
        }
        assertThat(Http.get(server.baseUrl() + "/sentifuse/static/app.js").contentType()).startsWith("application/javascript");
    }

    @Test
    void stockTrainingPageUsesOnlyLocalAssets() throws Exception {
        Http.Response page = Http.get(server.baseUrl() + "/train/overview");
        assertThat(page.status()).isEqualTo(200);
        List<String> refs = refs(page.body()).stream().filter(r -> !r.startsWith("#") && !r.startsWith("javascript:")).toList();
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).as("stock asset must be local").doesNotStartWith("http:").doesNotStartWith("https:").doesNotStartWith("//");
        }
        for (String ref : refs.stream().filter(r -> r.startsWith("/assets/")).toList()) {
            assertThat(Http.get(server.baseUrl() + ref).status()).as(ref).isEqualTo(200);
        }
    }

    @Test
    void assetPathsCannotEscapeTheAssetFolder() throws Exception {
        assertThat(Http.get(server.baseUrl() + "/sentifuse/static/..%2F..%2Flogback.xml").status()).isEqualTo(404);
        assertThat(Http.get(server.baseUrl() + "/sentifuse/static/nope.js").status()).isEqualTo(404);
        assertThat(Http.get(server.baseUrl() + "/sentifuse/static/%2Fetc%2Fpasswd").status()).isEqualTo(404);
    }

    @Test
    void arbiterPageIsServedByTheSameServer() throws Exception {
        Http.Response arbiter = Http.get(server.baseUrl() + ArbiterPage.PATH);
        assertThat(arbiter.status()).isEqualTo(200);
        assertThat(arbiter.body()).containsIgnoringCase("arbiter");
    }

    @Test
    void runsListIsEmptyJsonWithoutRuns() throws Exception {
        assertThat(Http.json(server.baseUrl() + SentifuseUiModule.API_RUNS).path("runs").size()).isZero();
    }

    private static List<String> refs(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = REF.matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
