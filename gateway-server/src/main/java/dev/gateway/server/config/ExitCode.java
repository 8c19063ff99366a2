package dev.gateway.server.config;

/**
 * The exit statuses: a protocol between the master and whoever runs it (systemd, a shell script, a
 * test), and between a process worker and the master, which reads {@link #WORKER_BOOT_ERROR} and
 * {@link #APP_LOAD_ERROR} from a worker that could not start and halts instead of respawning it in a
 * loop, as Gunicorn's does. A leaf: it imports nothing, so the master, {@code Main} and the worker's
 * own {@code main} share it without depending on each other. docs/settings.md lists it
 * ({@code SettingsDoc} renders {@link #meaning()}).
 */
public enum ExitCode {

    OK(0, "clean stop; `--check-config` found nothing wrong"),
    ERROR(1, "unexpected failure, or a listener could not be bound (`--check-config`: cannot be)"),
    USAGE(2, "usage error: unknown flag (a Gunicorn flag gateway lacks included), missing flag argument, no APP"),
    /** Gunicorn's WORKER_BOOT_ERROR: a hook threw, a process worker could not receive the listeners. */
    WORKER_BOOT_ERROR(3, "a worker failed to boot"),
    /** Gunicorn's APP_LOAD_ERROR: at start, or in a process worker. */
    APP_LOAD_ERROR(4, "the application could not be loaded"),
    CONFIG_ERROR(5, "configuration error: a bad value, an unreadable config file, an unknown key in it");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** The number the process exits with. */
    public int code() {
        return code;
    }

    /** One line for the documentation's table (Markdown). */
    public String meaning() {
        return meaning;
    }

    /** The status a process exited with, or null for a number that is none of these (a signal: 128 + N). */
    public static ExitCode of(int code) {
        for (ExitCode each : values()) {
            if (each.code == code) {
                return each;
            }
        }
        return null;
    }
}
