package dev.aperture.embeddings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aperture.library.LibraryItem;
import dev.aperture.library.LibraryStore;
import dev.aperture.testing.AppFixture;
import dev.aperture.testing.FakeServer;
import dev.aperture.testing.FakeServer.Response;
import dev.aperture.testing.JobRuns;
import dev.aperture.testing.TestDatabases;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GenerateEmbeddingsJobTest {

    private static final String KEY = "sk-proj-test0123456789abcdefSJh4";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUOTA = "{\"error\":{\"message\":\"You exceeded your current quota, please check your "
            + "plan and billing details. For more information on this error, read the docs: "
            + "https://platform.openai.com/docs/guides/error-codes/api-errors.\",\"type\":\"insufficient_quota\","
            + "\"param\":null,\"code\":\"insufficient_quota\"}}";

    private final FakeServer openai = new FakeServer();
    private final AtomicInteger calls = new AtomicInteger();
    private AppFixture fixture;
    private JobRuns runs;

    @AfterEach
    void close() {
        openai.close();
        if (fixture != null) {
            fixture.close();
        }
    }

    /** Twenty films, and OpenAI configured against the fake. */
    private void start(TestDatabases db) {
        fixture = AppFixture.withClockSleeper(db);
        runs = new JobRuns(fixture.api);
        String films = IntStream.rangeClosed(1, 20).mapToObj(i -> String.format(
                "{\"type\":\"movie\",\"title\":\"Film %02d\",\"year\":%d}", i, 2000 + i))
                .collect(Collectors.joining(",", "[", "]"));
        assertThat(fixture.api.post("/api/library/import", films).status()).isEqualTo(200);
        assertThat(fixture.api.put("/api/integrations/openai", "{\"baseUrl\":\"" + openai.baseUrl() + "/v1\","
                + "\"apiKey\":\"" + KEY + "\",\"model\":\"text-embedding-3-small\"}").status()).isEqualTo(200);
    }

    /** OpenAI's answer: one vector per input, each with its index. */
    private static Response vectors(FakeServer.Recorded request) {
        try {
            int n = JSON.readTree(request.body()).get("input").size();
            String data = IntStream.range(0, n).mapToObj(i -> "{\"object\":\"embedding\",\"index\":" + i
                    + ",\"embedding\":[0." + (i + 1) + ",-0.25,0.5]}").collect(Collectors.joining(","));
            return Response.json(200, "{\"object\":\"list\",\"data\":[" + data + "],\"model\":"
                    + "\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":" + (8 * n) + ",\"total_tokens\":"
                    + (8 * n) + "}}");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private LibraryItem film(int n) {
        String title = String.format("Film %02d", n);
        return fixture.app.library.all().stream().filter(i -> i.title().equals(title)).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void a_run_embeds_every_item_in_batches_of_sixteen_and_resolves_the_open_openai_alert(TestDatabases db) {
        start(db);
        openai.answer("/v1/models", Response.json(401, "{\"error\":{\"message\":\"Incorrect API key provided: "
                + "sk-proj-***SJh4.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}"));
        fixture.api.post("/api/integrations/openai/test", "");
        assertThat(runs.alerts("openai")).hasSize(1);
        fixture.app.library.saveTmdb(film(1).id(), "603", new LibraryStore.TmdbData("A hacker learns the truth.",
                "Action, Science Fiction", "simulation, dystopia", "8.2"));
        openai.answer("/v1/embeddings", GenerateEmbeddingsJobTest::vectors);

        JsonNode run = runs.run("generate-embeddings");

        assertThat(run.get("status").asText()).isEqualTo("succeeded");
        assertThat(run.get("counts").get("done").asInt()).isEqualTo(20);
        assertThat(runs.alerts("openai")).isEmpty();
        assertThat(runs.history("openai")).extracting(a -> a.get("resolution").asText()).containsExactly("job");
        List<FakeServer.Recorded> sent = openai.requests().stream()
                .filter(r -> r.path().equals("/v1/embeddings")).toList();
        assertThat(sent).hasSize(2);
        JsonNode firstBody = read(sent.get(0).body());
        assertThat(firstBody.get("model").asText()).isEqualTo("text-embedding-3-small");
        assertThat(firstBody.get("input")).hasSize(16);
        assertThat(read(sent.get(1).body()).get("input")).hasSize(4);
        assertThat(firstBody.get("input").get(0).asText()).isEqualTo("Film 01 (2001). A hacker learns the truth. "
                + "Genres: Action, Science Fiction. Keywords: simulation, dystopia.");
        assertThat(sent.get(0).header("authorization")).isEqualTo("Bearer " + KEY);
        assertThat(fixture.app.library.embedding(film(1).id())).contains("[0.1,-0.25,0.5]");
        assertThat(fixture.app.library.embedding(film(17).id())).contains("[0.1,-0.25,0.5]");
        assertThat(fixture.app.library.needingEmbedding("text-embedding-3-small")).isEmpty();
    }

    @Test
    void insufficient_quota_on_the_second_batch_stops_calling_openai_and_leaves_the_rest_pending() {
        start(TestDatabases.SQLITE);
        fixture.app.library.saveEmbedding(film(20).id(), "old-model", "[9.0,9.0]");
        openai.answer("/v1/embeddings", r -> calls.incrementAndGet() == 1 ? vectors(r) : Response.json(429, QUOTA));

        JsonNode run = runs.run("generate-embeddings");
        String runId = run.get("id").asText();

        assertThat(run.get("status").asText()).isEqualTo("completed_with_errors");
        assertThat(run.get("counts").get("done").asInt()).isEqualTo(16);
        assertThat(run.get("counts").get("pending").asInt()).isEqualTo(4);
        assertThat(run.get("counts").get("failed").asInt()).isZero();
        assertThat(calls.get()).as("no call after the refusal").isEqualTo(2);
        List<JsonNode> alerts = runs.alerts("openai");
        assertThat(alerts).hasSize(1);
        JsonNode alert = alerts.get(0);
        assertThat(alert.get("type").asText()).isEqualTo("rate_limit");
        assertThat(alert.get("code").asText()).isEqualTo("insufficient_quota");
        assertThat(alert.get("resetAt").isNull()).isTrue();
        assertThat(alert.get("message").asText()).contains("will not fix");
        assertThat(alert.toString()).doesNotContain(KEY);
        JsonNode stop = runs.logs(runId).stream().filter(l -> alert.get("id").asText().equals(l.get("alertId").asText()))
                .findFirst().orElseThrow();
        assertThat(stop.get("message").asText()).contains("will not fix", "the remaining items stay pending");
        assertThat(runs.items(runId, "pending")).extracting(i -> i.get("label").asText())
                .containsExactly("Film 17 (2017)", "Film 18 (2018)", "Film 19 (2019)", "Film 20 (2020)");
        assertThat(runs.errors(runId)).hasSize(1).allMatch(e -> e.get("jobRunId").asText().equals(runId));
        // Nothing of the refused batch was stored, and what the item had before is kept.
        assertThat(fixture.app.library.embedding(film(17).id())).isEmpty();
        assertThat(fixture.app.library.embedding(film(20).id())).contains("[9.0,9.0]");

        // Credits added: retry embeds just the four pending items, in one request.
        openai.answer("/v1/embeddings", GenerateEmbeddingsJobTest::vectors);
        int before = openai.requests().size();
        JsonNode retry = runs.retry(runId);
        assertThat(retry.get("status").asText()).isEqualTo("succeeded");
        assertThat(retry.get("counts").get("done").asInt()).isEqualTo(4);
        List<FakeServer.Recorded> after = openai.requests().subList(before, openai.requests().size());
        assertThat(after).hasSize(1);
        assertThat(read(after.get(0).body()).get("input")).hasSize(4);
        assertThat(runs.alerts("openai")).isEmpty();
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
