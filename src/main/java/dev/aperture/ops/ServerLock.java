package dev.aperture.ops;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * {@code server.lock} in the data dir: every running server holds a shared lock on it for its whole life, and
 * {@code aperture restore} needs the exclusive one. The operating system drops the lock when the process
 * dies, even by SIGKILL, so a crashed server never blocks a restore, unlike a pid file or a heartbeat row.
 */
public final class ServerLock implements AutoCloseable {

    static final String FILE = "server.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private ServerLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the shared lock, waiting while a restore holds the exclusive one (a restore takes seconds).
     * Two servers on one data dir may share it: with PostgreSQL they may, and SQLite copes with it.
     */
    public static ServerLock hold(Path dataDir) {
        FileChannel channel = open(dataDir);
        try {
            return new ServerLock(channel, channel.lock(0, Long.MAX_VALUE, true));
        } catch (OverlappingFileLockException e) {
            // Another server in this same JVM (tests) already holds it for the process: that covers this one too.
            return new ServerLock(channel, null);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new IllegalStateException("cannot lock " + dataDir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    /** The exclusive lock, or empty while any server holds the shared one. */
    static Optional<ServerLock> tryExclusive(Path dataDir) {
        FileChannel channel = open(dataDir);
        try {
            FileLock lock = channel.tryLock(0, Long.MAX_VALUE, false);
            if (lock != null) {
                return Optional.of(new ServerLock(channel, lock));
            }
        } catch (OverlappingFileLockException e) {
            // A server in this JVM holds it.
        } catch (IOException e) {
            closeQuietly(channel);
            throw new IllegalStateException("cannot lock " + dataDir.resolve(FILE) + ": " + e.getMessage(), e);
        }
        // Not closed: on Linux closing any descriptor of the file drops every lock this process holds on it,
        // including a server's in the same JVM. The channel is released with this process.
        return Optional.empty();
    }

    private static FileChannel open(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                return FileChannel.open(file, options,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            return FileChannel.open(file, options);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            if (lock != null) {
                lock.release();
            }
        } catch (IOException e) {
            // the lock goes with the channel below
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing held any more that a caller could act on
        }
    }
}
