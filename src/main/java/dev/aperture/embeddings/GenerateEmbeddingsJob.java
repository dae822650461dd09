package dev.aperture.embeddings;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aperture.calls.CallResult;
import dev.aperture.calls.JsonBody;
import dev.aperture.calls.ServiceId;
import dev.aperture.integrations.Integrations;
import dev.aperture.integrations.Settings;
import dev.aperture.integrations.openai.OpenaiIntegration;
import dev.aperture.jobs.ItemOutcome;
import dev.aperture.jobs.Job;
import dev.aperture.jobs.RunScope;
import dev.aperture.library.LibraryItem;
import dev.aperture.library.LibraryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An embedding per library item for the configured model. Items are sent to POST /embeddings in
 * batches (one request per {@link #batchSize} items instead of one each), but every item keeps its
 * own outcome: the item being processed takes the next items along, and when the engine reaches
 * them they are already embedded and just count as done. A batch refused for billing
 * (insufficient_quota) stops OpenAI for the run, so the rest stay pending, not failed.
 */
public final class GenerateEmbeddingsJob implements Job {

    static final int DEFAULT_BATCH = 16;

    private final OpenaiIntegration openai;
    private final LibraryStore library;
    private final int batchSize;
    /** The current run's planned order; runs of one job never overlap, so one is enough. */
    private volatile Queue queue = new Queue("", List.of());

    private record Queue(String runId, List<String> ids) {}

    public GenerateEmbeddingsJob(Integrations integrations, LibraryStore library) {
        this(integrations, library, DEFAULT_BATCH);
    }

    GenerateEmbeddingsJob(Integrations integrations, LibraryStore library, int batchSize) {
        this.openai = integrations.get(ServiceId.OPENAI, OpenaiIntegration.class);
        this.library = library;
        this.batchSize = batchSize;
    }

    @Override
    public String name() {
        return "generate-embeddings";
    }

    @Override
    public String description() {
        return "Computes an OpenAI embedding of each library item's title, year, overview, genres and keywords, "
                + "for items without one from the configured model.";
    }

    @Override
    public String defaultSchedule() {
        return "daily 05:00";
    }

    @Override
    public Set<ServiceId> requires() {
        return Set.of(ServiceId.OPENAI);
    }

    @Override
    public List<Item> plan(RunScope scope) {
        String model = OpenaiIntegration.model(scope.settings(ServiceId.OPENAI));
        return library.needingEmbedding(model).stream()
                .map(i -> new Item(i.id(), i.title() + (i.year() == null ? "" : " (" + i.year() + ")")))
                .toList();
    }

    @Override
    public ItemOutcome process(Item item, RunScope scope) {
        Settings settings = scope.settings(ServiceId.OPENAI);
        String model = OpenaiIntegration.model(settings);
        LibraryItem it = library.find(item.key()).orElse(null);
        if (it == null) {
            return new ItemOutcome.NotFound(item.label() + " was removed from the library");
        }
        if (model.equals(it.embeddingModel()) && it.embeddedAt() != null) {
            return new ItemOutcome.Done("embedded with the batch of an earlier item");
        }
        List<LibraryItem> batch = batch(it, model, scope.runId());
        CallResult result = scope.call(openai.embeddings(settings, batch.stream().map(GenerateEmbeddingsJob::text)
                .toList()));
        if (!result.ok()) {
            return scope.unsuccessful(result, item.label());
        }
        JsonNode data = JsonBody.parse(result.body()).map(n -> n.get("data")).orElse(null);
        if (data == null || !data.isArray()) {
            return new ItemOutcome.Failed(ServiceId.OPENAI, item.label() + ": the answer had no data list", null);
        }
        // Each vector says which input it belongs to ("index"); the order of data is not promised.
        boolean mine = false;
        for (JsonNode d : data) {
            int index = JsonBody.integer(d, "index").orElse(-1);
            JsonNode vector = d.get("embedding");
            if (index < 0 || index >= batch.size() || vector == null || !vector.isArray() || vector.isEmpty()) {
                continue;
            }
            library.saveEmbedding(batch.get(index).id(), model, vector.toString());
            mine |= index == 0;
        }
        return mine ? new ItemOutcome.Done("embedded (" + batch.size() + " in this request)")
                : new ItemOutcome.Failed(ServiceId.OPENAI, item.label() + ": no embedding for it in the answer", null);
    }

    /** This item first, then the items after it in the run's order that still need an embedding. */
    private List<LibraryItem> batch(LibraryItem first, String model, String runId) {
        Queue q = queue;
        if (!q.runId().equals(runId)) {
            q = new Queue(runId, library.needingEmbedding(model).stream().map(LibraryItem::id).toList());
            queue = q;
        }
        List<LibraryItem> out = new ArrayList<>();
        out.add(first);
        int at = q.ids().indexOf(first.id());
        for (int i = at + 1; at >= 0 && i < q.ids().size() && out.size() < batchSize; i++) {
            library.find(q.ids().get(i))
                    .filter(o -> !(model.equals(o.embeddingModel()) && o.embeddedAt() != null))
                    .ifPresent(out::add);
        }
        return out;
    }

    /** The text embedded: "Title (Year). Overview. Genres: …. Keywords: …." — what similarity should weigh. */
    static String text(LibraryItem it) {
        StringBuilder s = new StringBuilder(it.title());
        if (it.year() != null) {
            s.append(" (").append(it.year()).append(')');
        }
        s.append('.');
        if (it.overview() != null && !it.overview().isBlank()) {
            s.append(' ').append(it.overview().strip());
        }
        if (it.genres() != null && !it.genres().isBlank()) {
            s.append(" Genres: ").append(it.genres()).append('.');
        }
        if (it.keywords() != null && !it.keywords().isBlank()) {
            s.append(" Keywords: ").append(it.keywords()).append('.');
        }
        return s.toString();
    }
}
