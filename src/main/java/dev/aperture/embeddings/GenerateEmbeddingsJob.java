package dev.aperture.embeddings;

import dev.aperture.calls.ServiceId;
import dev.aperture.integrations.Fetched;
import dev.aperture.integrations.Settings;
import dev.aperture.integrations.openai.OpenaiClient;
import dev.aperture.integrations.openai.OpenaiEmbedding;
import dev.aperture.integrations.openai.OpenaiIntegration;
import dev.aperture.jobs.ItemOutcome;
import dev.aperture.jobs.Job;
import dev.aperture.jobs.RunScope;
import dev.aperture.library.LibraryItem;
import dev.aperture.library.LibraryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An embedding per library item for the configured model. Items are sent to POST /embeddings in
 * batches (one request per {@link #batchSize} items instead of one each), but every item keeps its
 * own outcome: the item being processed takes the next items along, and when the engine reaches
 * them they are already embedded and just count as done. A batch refused for billing
 * (insufficient_quota) stops OpenAI for the run, so the rest stay pending, not failed.
 */
public final class GenerateEmbeddingsJob implements Job {

    static final int DEFAULT_BATCH = 16;

    private final OpenaiClient openai;
    private final LibraryStore library;
    private final int batchSize;
    /** The current run's planned order; runs of one job never overlap, so one is enough. */
    private volatile Queue queue = new Queue("", List.of());

    private record Queue(String runId, List<String> ids) {}

    public GenerateEmbeddingsJob(OpenaiClient openai, LibraryStore library) {
        this(openai, library, DEFAULT_BATCH);
    }

    GenerateEmbeddingsJob(OpenaiClient openai, LibraryStore library, int batchSize) {
        this.openai = openai;
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
        Fetched<List<OpenaiEmbedding>> fetched = openai.embeddings(scope::call, settings,
                batch.stream().map(GenerateEmbeddingsJob::text).toList());
        if (fetched instanceof Fetched.Unsuccessful<List<OpenaiEmbedding>> failed) {
            return scope.unsuccessful(failed.result(), item.label());
        }
        if (!(fetched instanceof Fetched.Got<List<OpenaiEmbedding>> got)) {
            return new ItemOutcome.Failed(ServiceId.OPENAI, item.label() + ": the answer had no data list", null);
        }
        boolean mine = false;
        for (OpenaiEmbedding e : got.value()) {
            library.saveEmbedding(batch.get(e.index()).id(), model, stored(e.vector()));
            mine |= e.index() == 0;
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

    /** The stored form of a vector: a JSON array of its numbers, as the library keeps it. */
    private static String stored(List<Double> vector) {
        return vector.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
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
