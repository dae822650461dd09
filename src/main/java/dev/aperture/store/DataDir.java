package dev.aperture.store;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data directory and the database files in it, readable by Aperture's own user only: they hold the
 * encrypted keys, the sessions and every error record. Created with those modes from the start, so there
 * is no moment in which another local user could open them.
 */
public final class DataDir {

    private static final Logger LOG = LoggerFactory.getLogger(DataDir.class);
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private DataDir() {}

    /**
     * Creates {@code dir} (and missing parents) as 0700. A directory that already exists keeps its mode: it
     * may be a mount point or a path the admin chose on purpose; a warning says when others can read it.
     */
    public static void create(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                if (posix(dir) && hasAny(Files.getPosixFilePermissions(dir), GROUP_OR_OTHER)) {
                    LOG.warn("data directory {} is accessible to other users (mode {}); chmod 700 it",
                            dir.toAbsolutePath(), PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
                }
                return;
            }
            if (posix(dir.toAbsolutePath().getRoot())) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
            } else {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot create data dir " + dir, e);
        }
    }

    /**
     * Makes sure {@code file} exists as 0600 before anything else opens it. SQLite then creates its
     * {@code -wal} and {@code -shm} files with the database file's mode. A file from an earlier version
     * (0644 under the usual umask) is narrowed to 0600: it is Aperture's own.
     */
    public static void privateFile(Path file) {
        try {
            if (!posix(file.toAbsolutePath().getParent())) {
                return;
            }
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_FILE));
            } catch (FileAlreadyExistsException e) {
                narrow(file);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + file, e);
        }
    }

    /** An existing file narrowed to 0600; nothing when it does not exist. */
    public static void narrow(Path file) throws IOException {
        if (Files.exists(file) && posix(file) && hasAny(Files.getPosixFilePermissions(file), GROUP_OR_OTHER)) {
            Files.setPosixFilePermissions(file, OWNER_FILE);
        }
    }

    private static boolean posix(Path path) {
        return path != null && path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static boolean hasAny(Set<PosixFilePermission> have, Set<PosixFilePermission> any) {
        return have.stream().anyMatch(any::contains);
    }
}
