package dev.aperture.demo;

import dev.aperture.calls.ServiceId;
import java.io.IOException;

/** OpenAI: Bearer key, /v1/models, /v1/embeddings with x-ratelimit-* headers, and billing refusals. */
final class SimOpenai extends Simulator {

    static final String KEY = "sk-demo-0000000000000000000000000000demo";

    SimOpenai() {
        super(ServiceId.OPENAI);
    }

    @Override
    void handle(SimExchange ex) throws IOException {
        String[] limits = {"x-ratelimit-limit-requests", "3000", "x-ratelimit-remaining-requests", "2999",
            "x-ratelimit-reset-requests", "20ms", "x-request-id", "req_demo"};
        if (fault() == Fault.OUTAGE) {
            ex.json(503, "{\"error\":{\"message\":\"The engine is currently overloaded, please try again later.\","
                    + "\"type\":\"server_error\",\"param\":null,\"code\":null}}");
            return;
        }
        if (fault() == Fault.AUTH || !("Bearer " + KEY).equals(ex.header("Authorization"))) {
            ex.json(401, "{\"error\":{\"message\":\"Incorrect API key provided: sk-demo-***demo. You can find your API "
                    + "key at https://platform.openai.com/account/api-keys.\",\"type\":\"invalid_request_error\","
                    + "\"param\":null,\"code\":\"invalid_api_key\"}}");
            return;
        }
        if (fault() == Fault.RATE_LIMIT) {
            ex.json(429, "{\"error\":{\"message\":\"You exceeded your current quota, please check your plan and billing "
                    + "details.\",\"type\":\"insufficient_quota\",\"param\":null,\"code\":\"insufficient_quota\"}}", limits);
            return;
        }
        if (ex.path.endsWith("/models")) {
            ex.json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"text-embedding-3-small\",\"object\":\"model\","
                    + "\"created\":1705948997,\"owned_by\":\"system\"}]}", limits);
        } else if (ex.path.endsWith("/embeddings")) {
            int inputs = dev.aperture.calls.JsonBody.parse(ex.body).map(n -> n.get("input"))
                    .map(in -> in.isArray() ? in.size() : 1).orElse(1);
            StringBuilder data = new StringBuilder();
            for (int i = 0; i < inputs; i++) {
                data.append(i == 0 ? "" : ",").append("{\"object\":\"embedding\",\"index\":").append(i)
                        .append(",\"embedding\":[0.0123,-0.0456,0.0789,").append(i / 100.0).append("]}");
            }
            ex.json(200, "{\"object\":\"list\",\"data\":[" + data + "],\"model\":\"text-embedding-3-small\","
                    + "\"usage\":{\"prompt_tokens\":" + inputs * 12 + ",\"total_tokens\":" + inputs * 12 + "}}", limits);
        } else {
            ex.json(404, "{\"error\":{\"message\":\"Invalid URL (GET " + ex.path + ")\",\"type\":\"invalid_request_error\","
                    + "\"param\":null,\"code\":null}}");
        }
    }
}
