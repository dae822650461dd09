package dev.aperture.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Job runs over the REST API: start one, wait for its end, read its items, log, alerts and errors. */
public final class JobRuns {

    private final RestClient api;

    public JobRuns(RestClient api) {
        this.api = api;
    }

    public String start(String job) {
        RestClient.Reply reply = api.post("/api/jobs/" + job + "/run", "");
        assertThat(reply.status()).as("start %s: %s", job, reply.body()).isEqualTo(202);
        return reply.json().get("runId").asText();
    }

    /** Runs the job and answers the finished run. */
    public JsonNode run(String job) {
        return awaitEnd(start(job));
    }

    public JsonNode retry(String runId) {
        RestClient.Reply reply = api.post("/api/jobs/runs/" + runId + "/retry", "");
        assertThat(reply.status()).as("retry: %s", reply.body()).isEqualTo(202);
        return awaitEnd(reply.json().get("runId").asText());
    }

    public JsonNode awaitEnd(String runId) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> !api.get("/api/jobs/runs/" + runId).json().get("status").asText().equals("running"));
        return api.get("/api/jobs/runs/" + runId).json();
    }

    public List<JsonNode> items(String runId, String status) {
        return list(api.get("/api/jobs/runs/" + runId + "/items?status=" + status).json().get("items"));
    }

    public List<JsonNode> logs(String runId) {
        return list(api.get("/api/jobs/runs/" + runId + "/logs").json().get("logs"));
    }

    public List<JsonNode> alerts(String service) {
        return list(api.get("/api/alerts?service=" + service).json().get("alerts"));
    }

    public List<JsonNode> history(String service) {
        return list(api.get("/api/alerts/history?service=" + service).json().get("alerts"));
    }

    public List<JsonNode> errors(String runId) {
        return list(api.get("/api/errors?jobRunId=" + runId).json().get("errors"));
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
