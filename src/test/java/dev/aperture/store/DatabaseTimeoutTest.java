package dev.aperture.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** APERTURE_DATABASE_TIMEOUT_SECONDS: how long a caller waits for a connection, bounded, 10 s unless set. */
class DatabaseTimeoutTest {

    @Test
    void unset_is_ten_seconds_and_a_setting_within_bounds_is_taken() {
        assertThat(Database.connectionTimeout(Map.of())).isEqualTo(Duration.ofSeconds(10));
        assertThat(Database.connectionTimeout(Map.of("APERTURE_DATABASE_TIMEOUT_SECONDS", " ")))
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(Database.connectionTimeout(Map.of("APERTURE_DATABASE_TIMEOUT_SECONDS", "1")))
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(Database.connectionTimeout(Map.of("APERTURE_DATABASE_TIMEOUT_SECONDS", "300")))
                .isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void a_value_out_of_bounds_or_not_a_number_is_refused_naming_the_variable() {
        for (String bad : new String[] {"0", "301", "-5", "2.5", "ten", "99999999999"}) {
            assertThatThrownBy(() -> Database.connectionTimeout(Map.of("APERTURE_DATABASE_TIMEOUT_SECONDS", bad)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("APERTURE_DATABASE_TIMEOUT_SECONDS").hasMessageContaining("1 to 300");
        }
    }

    @Test
    void the_pool_waits_as_long_as_configured() throws Exception {
        Path dir = Files.createTempDirectory("aperture-timeout");
        // Long enough for the first connection on a busy machine (2 s was not, at a load of 65).
        try (Database db = Database.open(Optional.empty(), dir, Duration.ofSeconds(45))) {
            assertThat(((HikariDataSource) db.dataSource()).getConnectionTimeout()).isEqualTo(45_000);
        }
        try (Database db = Database.open(Optional.empty(), dir)) {
            assertThat(((HikariDataSource) db.dataSource()).getConnectionTimeout()).isEqualTo(10_000);
        }
    }
}
