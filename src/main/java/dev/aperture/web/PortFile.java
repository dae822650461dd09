package dev.aperture.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The port this process listens on, in {@code port} in the data dir. With {@code APERTURE_PORT=0} the system
 * picks a free port as it binds, so nothing else can take it between a choice and the bind; scripts and tests
 * read which one here (the "listening on" log line says it too). Written whole by a rename, so a reader never
 * sees half of it; removed when the process stops.
 */
public final class PortFile {

    private static final Logger LOG = LoggerFactory.getLogger(PortFile.class);
    public static final String NAME = "port";

    private PortFile() {}

    public static void write(Path dataDir, int port) {
        Path tmp = dataDir.resolve(NAME + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, port + "\n");
            Files.move(tmp, dataDir.resolve(NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UnsupportedOperationException e) {
            // The service runs without it; only a caller that asked for port 0 needs it.
            LOG.warn("could not write the port file in the data directory: {}", e.getMessage());
        }
    }

    /** Removes the file if it still names this process's port (a later process on the same dir may have replaced it). */
    public static void remove(Path dataDir, int port) {
        Path file = dataDir.resolve(NAME);
        try {
            if (Files.exists(file) && Files.readString(file).trim().equals(String.valueOf(port))) {
                Files.delete(file);
            }
        } catch (IOException e) {
            LOG.debug("port file left in place: {}", e.getMessage());
        }
    }
}
