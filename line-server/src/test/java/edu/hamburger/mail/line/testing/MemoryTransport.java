package edu.hamburger.mail.line.testing;

import edu.hamburger.mail.line.Transport;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A {@link Transport} in memory, for protocol tests without sockets. Its "connection thread" is
 * the test's own thread: tasks handed to {@link #execute} (answers computed elsewhere) queue up
 * and run when the test calls {@link #runTasks}. Time is virtual: timers fire only when the test
 * moves the clock with {@link #advance}. STARTTLS "succeeds" at once; what matters here is what
 * the connection does around it (dropping pipelined plaintext).
 */
public final class MemoryTransport implements Transport {

    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final TreeMap<Long, List<Timer>> timers = new TreeMap<>();
    private final Map<Long, Timer> byId = new java.util.HashMap<>();
    private long now;
    private long nextTimer = 1;
    private boolean paused;
    private boolean closed;
    private int tlsHandshakes;
    private Runnable onClose = () -> { };

    private record Timer(long id, long due, long period, Runnable task) {
    }

    void onClose(Runnable action) {
        this.onClose = action;
    }

    @Override
    public synchronized void write(byte[] bytes) {
        written.writeBytes(bytes);
    }

    /** Everything written since the last call. */
    public synchronized byte[] takeWritten() {
        byte[] bytes = written.toByteArray();
        written.reset();
        return bytes;
    }

    @Override
    public void pause() {
        paused = true;
    }

    @Override
    public void resume() {
        paused = false;
    }

    public boolean paused() {
        return paused;
    }

    @Override
    public void startTls(Consumer<Throwable> done) {
        tlsHandshakes++;
        tasks.add(() -> done.accept(null));
    }

    public int tlsHandshakes() {
        return tlsHandshakes;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            tasks.add(onClose);
        }
    }

    public boolean closed() {
        return closed;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    /** Runs queued tasks, waiting up to {@code waitMillis} for one to arrive when none is queued; false if none came. */
    public boolean runTasks(long waitMillis) throws InterruptedException {
        Runnable task = tasks.poll(waitMillis, TimeUnit.MILLISECONDS);
        if (task == null) {
            return false;
        }
        task.run();
        for (Runnable next = tasks.poll(); next != null; next = tasks.poll()) {
            next.run();
        }
        return true;
    }

    @Override
    public long setTimer(long delayMillis, Runnable task) {
        return add(new Timer(nextTimer++, now + delayMillis, 0, task));
    }

    @Override
    public long setPeriodic(long periodMillis, Runnable task) {
        return add(new Timer(nextTimer++, now + periodMillis, periodMillis, task));
    }

    private long add(Timer timer) {
        timers.computeIfAbsent(timer.due(), d -> new ArrayList<>()).add(timer);
        byId.put(timer.id(), timer);
        return timer.id();
    }

    @Override
    public void cancelTimer(long id) {
        Timer timer = byId.remove(id);
        if (timer != null) {
            List<Timer> due = timers.get(timer.due());
            if (due != null) { // null: it is being fired right now, with others due at the same time
                due.remove(timer);
                if (due.isEmpty()) {
                    timers.remove(timer.due());
                }
            }
        }
    }

    /** Moves virtual time on, firing every timer that falls due. */
    public void advance(long millis) {
        long until = now + millis;
        while (!timers.isEmpty() && timers.firstKey() <= until) {
            Map.Entry<Long, List<Timer>> first = timers.pollFirstEntry();
            now = first.getKey();
            for (Timer timer : first.getValue()) {
                if (byId.get(timer.id()) != timer) {
                    continue; // cancelled by a task that fired before it
                }
                byId.remove(timer.id());
                if (timer.period() > 0) {
                    add(new Timer(timer.id(), now + timer.period(), timer.period(), timer.task()));
                }
                timer.task().run();
            }
        }
        now = until;
    }
}
