package dev.aperture.integrations.mediaserver;

import java.util.List;

/** One page of the library: its movies and series, and how many items the whole library holds. */
public record MediaServerPage(int total, List<MediaServerItem> items) {

    public MediaServerPage {
        items = List.copyOf(items);
    }
}
