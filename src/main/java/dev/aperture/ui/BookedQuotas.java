package dev.aperture.ui;

import dev.aperture.calls.ServiceId;
import dev.aperture.quotas.QuotaBook;
import java.util.Optional;

/** The quota bar's data from the same {@link QuotaBook} that GET /api/quotas reads. */
public final class BookedQuotas implements Quotas {

    private final QuotaBook book;

    public BookedQuotas(QuotaBook book) {
        this.book = book;
    }

    @Override
    public Optional<Quota> of(ServiceId service) {
        // Every service has a pacing policy, so the book knows each one. No stated limit and no use yet: no bar.
        return Optional.of(book.of(service)).filter(q -> q.limit() != null || q.used() > 0)
                .map(q -> new Quota(q.window(), q.used(), q.limit(), q.resetAt(), q.forecastExhaustedAt(), q.warning(),
                        q.probeCostsQuota(), q.exhausted(), "observed".equals(q.limitSource())));
    }
}
