package dev.aperture.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aperture.App;
import dev.aperture.calls.Answer;
import dev.aperture.calls.CallContext;
import dev.aperture.calls.CallObserver;
import dev.aperture.calls.CallRequest;
import dev.aperture.calls.CallResult;
import dev.aperture.calls.Calls;
import dev.aperture.calls.HttpWire;
import dev.aperture.calls.Occurrence;
import dev.aperture.calls.Pacing;
import dev.aperture.integrations.Integration;
import dev.aperture.secrets.Secret;
import dev.aperture.testing.WildServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 300 seeded misbehaving replies per service (150 for each of two seeds) over real HTTP on loopback — random
 * replies, bodies of megabytes beyond the wire's limit, bodies trickled slower than the request
 * timeout, connections reset mid-headers or mid-body, garbage instead of HTTP. The wire and the
 * pipeline never throw, every call gets an outcome, and no reply keeps more than the body limit. Slow tier: a
 * soak of about 25 s, most of it trickled bodies waiting out the 1.5 s a call may take.
 */
@Tag("slow")
class FuzzedWireTest {

    /** Per seed: two seeds per service make the three hundred of the name. */
    private static final int CALLS = 150;
    private static final java.time.Instant NOW = java.time.Instant.parse("2026-03-14T15:09:26Z");
    private static final int BODY_LIMIT = 1 << 20;

    static java.util.stream.Stream<Integration> services() {
        return App.services().stream();
    }

    /** The wire is slow to fuzz (real sockets, megabyte bodies): the first fixed seed and the run's fresh one. */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> servicesAndSeeds() {
        List<Long> seeds = FuzzedAnswersTest.seeds();
        List<Long> used = seeds.size() == 1 ? seeds : List.of(seeds.get(0), seeds.get(seeds.size() - 1));
        return services().flatMap(s -> used.stream().map(seed -> org.junit.jupiter.params.provider.Arguments.of(s, seed)));
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("servicesAndSeeds")
    void three_hundred_misbehaving_servers_never_break_the_wire_or_the_pipeline(Integration integration, long runSeed)
            throws Exception {
        long seed = FuzzedAnswersTest.seed(integration, runSeed);
        Random random = new Random(seed);
        RandomAnswers replies = new RandomAnswers(seed);
        // Behaviours are drawn up front, in order, so a seed replays the same set whatever the thread timing.
        List<WildServer.Behaviour> script = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            script.add(behaviour(random, replies));
        }
        var queue = new java.util.concurrent.ConcurrentLinkedQueue<>(script);
        List<Occurrence> recorded = Collections.synchronizedList(new ArrayList<>());
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        try (WildServer server = new WildServer(() -> Optional.ofNullable(queue.poll())
                .orElse(new WildServer.Behaviour.Garbage(new byte[0])))) {
            HttpWire wire = new HttpWire(Duration.ofSeconds(1), Duration.ofMillis(500), BODY_LIMIT);
            Calls calls = new Calls(Map.of(integration.id(), integration.classifier()),
                    Map.of(integration.id(), integration.selfHosted()), request -> {
                        Answer answer = wire.send(request);
                        if (answer instanceof Answer.Reply r && r.body().length() > BODY_LIMIT) {
                            problems.add("reply body of " + r.body().length() + " chars kept");
                        }
                        return answer;
                    }, Pacing.NONE, o -> {
                        recorded.add(o);
                        return Optional.of(new dev.aperture.calls.Recorded("a", "e"));
                    }, CallObserver.NONE, Clock.fixed(NOW, java.time.ZoneOffset.UTC),
                    () -> List.of(Secret.of(FuzzedAnswersTest.KEY)));
            List<CallRequest> requests = FuzzedAnswersTest.requests(integration, server.baseUrl());
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<?>> futures = new ArrayList<>();
            FuzzedAnswersTest.quietly(() -> {
                for (int i = 0; i < CALLS; i++) {
                    CallRequest request = requests.get(i % requests.size());
                    futures.add(pool.submit(() -> {
                        try {
                            CallResult result = calls.call(request, CallContext.job("run-1"));
                            if (result == null || result.outcome() == null) {
                                problems.add("no outcome");
                            }
                        } catch (RuntimeException | Error e) {
                            problems.add("threw " + e);
                        }
                    }));
                }
                try {
                    for (Future<?> f : futures) {
                        f.get(60, TimeUnit.SECONDS);
                    }
                } catch (Exception e) {
                    problems.add("did not finish: " + e);
                }
            });
            pool.shutdownNow();
        }
        assertThat(problems).as("%s with seed %d (replay: -Dfuzz.seed=%d)", integration.id().id(), seed, runSeed)
                .isEmpty();
        assertThat(recorded).allSatisfy(o -> assertThat(o.details().responseExcerpt().length()).isLessThan(3_000));
    }

    private static WildServer.Behaviour behaviour(Random random, RandomAnswers replies) {
        int roll = random.nextInt(100);
        if (roll < 4) {
            return new WildServer.Behaviour.Trickle(50 + random.nextInt(100));
        }
        if (roll < 12) {
            return new WildServer.Behaviour.CloseAfter(random.nextInt(400));
        }
        if (roll < 17) {
            byte[] junk = new byte[random.nextInt(2_000)];
            random.nextBytes(junk);
            return new WildServer.Behaviour.Garbage(junk);
        }
        Answer answer = replies.next();
        int megabytes = roll < 25 ? (1 + random.nextInt(8)) << 20 : 0;
        if (answer instanceof Answer.Reply r) {
            StringBuilder headers = new StringBuilder();
            r.headers().forEach((name, values) -> values.forEach(v -> {
                String clean = v.replaceAll("[\\r\\n]", "");
                if (clean.chars().allMatch(c -> c >= 0x20 && c < 0x7f) && !name.equals("content-length")) {
                    headers.append(name).append(": ").append(clean).append("\r\n");
                }
            }));
            int status = r.status() >= 100 && r.status() <= 999 ? r.status() : 500;
            String body = new String(r.body().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            return new WildServer.Behaviour.Reply(status, headers.toString(), body, megabytes);
        }
        return new WildServer.Behaviour.CloseAfter(0);
    }
}
