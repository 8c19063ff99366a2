package dev.gateway.spi;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The request as the application sees it: a mutable {@code Map<String, Object>} of CGI keys,
 * {@code HTTP_*} request headers and {@code gateway.*} server keys (see {@link EnvironKeys} and
 * docs/spec.md, section "Environ"), with typed accessors for the common ones.
 *
 * <p>String values map bytes to chars one to one (ISO-8859-1), exactly as WSGI does, so no byte of the
 * request is lost or reinterpreted: an application that wants UTF-8 text re-encodes with
 * {@code new String(value.getBytes(ISO_8859_1), UTF_8)}. {@code PATH_INFO} is percent-decoded;
 * {@code QUERY_STRING} and {@code RAW_URI} are not.
 *
 * <p>The map belongs to one request and one thread; middleware may add or change keys before calling
 * the application it wraps.
 */
public final class Environ extends AbstractMap<String, Object> {

    /*
     * The storage is an open-addressing table rather than a HashMap: an environ is built for every
     * request and holds some 20 to 40 keys, and a HashMap spends a 32-byte node per key and a pointer
     * chase per lookup (about a third of the environ's cost, bench/jmh ExchangeBench). Keys sit at
     * even slots with their value in the odd slot after; collisions probe the next pair (linear
     * probing). A removed key leaves a tombstone, so that removing during iteration never moves an
     * entry; tombstones go when the table grows.
     */

    /** Key slots of a new environ: the 21 keys every request has and 19 headers fit without growing. */
    private static final int INITIAL_CAPACITY = 64;
    /** Marks a removed key: lookups probe past it, inserts may reuse it. */
    private static final Object TOMBSTONE = new Object();
    /** Stands for the null key, which Map permits. */
    private static final Object NULL_KEY = new Object();

    /** Key at {@code 2 * i}, its value at {@code 2 * i + 1}; a null key slot is empty. */
    private Object[] slots;
    /** Live keys. */
    private int size;
    /** Live keys and tombstones: what decides when the table grows. */
    private int occupied;
    /** Changes to the set of keys, so that an iterator fails fast as a HashMap's does. */
    private int modCount;
    private Set<Entry<String, Object>> entries;

    /** Creates an empty environ. Servers use {@code EnvironBuilder}; tests may fill one by hand. */
    public Environ() {
        this.slots = new Object[2 * INITIAL_CAPACITY];
    }

    /** Creates an environ holding a copy of {@code values}. */
    public Environ(Map<String, ?> values) {
        this.slots = new Object[2 * capacityFor(values.size())];
        putAll(values);
    }

    @Override
    public Object get(Object key) {
        int i = indexOf(key);
        return i >= 0 ? slots[i + 1] : null;
    }

    @Override
    public Object put(String key, Object value) {
        Object k = key == null ? NULL_KEY : key;
        int mask = slots.length - 1;
        int reusable = -1;
        for (int i = slot(k); ; i = (i + 2) & mask) {
            Object present = slots[i];
            if (present == null) {
                return insert(reusable >= 0 ? reusable : i, k, value, reusable < 0);
            }
            if (present == TOMBSTONE) {
                reusable = reusable < 0 ? i : reusable;
            } else if (present == k || present.equals(k)) {
                Object previous = slots[i + 1];
                slots[i + 1] = value;
                return previous;
            }
        }
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public Object remove(Object key) {
        int i = indexOf(key);
        if (i < 0) {
            return null;
        }
        Object previous = slots[i + 1];
        removeAt(i);
        return previous;
    }

    @Override
    public void clear() {
        Arrays.fill(slots, null);
        size = 0;
        occupied = 0;
        modCount++;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        Set<Entry<String, Object>> set = entries;
        if (set == null) {
            set = new EntrySet();
            entries = set;
        }
        return set;
    }

    /** The slot of {@code key}, or -1 when absent. */
    private int indexOf(Object key) {
        Object k = key == null ? NULL_KEY : key;
        int mask = slots.length - 1;
        for (int i = slot(k); ; i = (i + 2) & mask) {
            Object present = slots[i];
            if (present == null) {
                return -1;
            }
            if (present == k || present != TOMBSTONE && present.equals(k)) {
                return i;
            }
        }
    }

    /** The first slot to probe for {@code key}: Fibonacci hashing spreads String hash codes over the table. */
    private int slot(Object key) {
        int bits = Integer.numberOfTrailingZeros(slots.length) - 1;
        return (key.hashCode() * 0x9E3779B9) >>> (32 - bits) << 1;
    }

    private Object insert(int i, Object key, Object value, boolean intoEmpty) {
        slots[i] = key;
        slots[i + 1] = value;
        size++;
        modCount++;
        if (intoEmpty && ++occupied > maxOccupied(slots.length / 2)) {
            rehash(capacityFor(size));
        }
        return null;
    }

    private void removeAt(int i) {
        slots[i] = TOMBSTONE;
        slots[i + 1] = null;
        size--;
        modCount++;
    }

    /** Moves every live key into a table of {@code capacity} key slots, dropping the tombstones. */
    private void rehash(int capacity) {
        Object[] old = slots;
        slots = new Object[2 * capacity];
        int mask = slots.length - 1;
        for (int j = 0; j < old.length; j += 2) {
            Object key = old[j];
            if (key != null && key != TOMBSTONE) {
                int i = slot(key);
                while (slots[i] != null) {
                    i = (i + 2) & mask;
                }
                slots[i] = key;
                slots[i + 1] = old[j + 1];
            }
        }
        occupied = size;
    }

    /** At most five in eight key slots in use: linear probing stays short. */
    private static int maxOccupied(int capacity) {
        return capacity / 8 * 5;
    }

    /** The smallest power of two, at least {@link #INITIAL_CAPACITY}, that holds {@code keys} and room to grow. */
    private static int capacityFor(int keys) {
        int capacity = INITIAL_CAPACITY;
        while (maxOccupied(capacity) < keys + 1) {
            capacity <<= 1;
        }
        return capacity;
    }

    /** The live entries, in table order; removal through the iterator leaves a tombstone and moves nothing. */
    private final class EntrySet extends AbstractSet<Entry<String, Object>> {
        @Override
        public Iterator<Entry<String, Object>> iterator() {
            return new EntryIterator();
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public void clear() {
            Environ.this.clear();
        }
    }

    private final class EntryIterator implements Iterator<Entry<String, Object>> {
        private int next = advance(0);
        private int last = -1;
        private int expectedModCount = modCount;

        /** The first live slot at or after {@code from}, or the table's length. */
        private int advance(int from) {
            int i = from;
            while (i < slots.length && (slots[i] == null || slots[i] == TOMBSTONE)) {
                i += 2;
            }
            return i;
        }

        @Override
        public boolean hasNext() {
            return next < slots.length;
        }

        @Override
        public Entry<String, Object> next() {
            if (modCount != expectedModCount) {
                throw new ConcurrentModificationException();
            }
            if (next >= slots.length) {
                throw new NoSuchElementException();
            }
            last = next;
            next = advance(next + 2);
            return new SlotEntry(last);
        }

        @Override
        public void remove() {
            if (last < 0) {
                throw new IllegalStateException();
            }
            if (modCount != expectedModCount) {
                throw new ConcurrentModificationException();
            }
            removeAt(last);
            expectedModCount = modCount;
            last = -1;
        }
    }

    /**
     * An entry that reads and writes its key's slot, as a HashMap's entry writes through to the map.
     * After the table grew it finds its key again; once the key is removed it throws
     * IllegalStateException, which Map.Entry permits.
     */
    private final class SlotEntry implements Entry<String, Object> {
        private final Object key;
        private final Object[] table;
        private final int slot;

        SlotEntry(int slot) {
            this.table = slots;
            this.slot = slot;
            this.key = table[slot];
        }

        private int current() {
            int i = table == slots && table[slot] == key ? slot : indexOf(key == NULL_KEY ? null : key);
            if (i < 0) {
                throw new IllegalStateException("the entry's key was removed");
            }
            return i;
        }

        @Override
        public String getKey() {
            return key == NULL_KEY ? null : (String) key;
        }

        @Override
        public Object getValue() {
            return slots[current() + 1];
        }

        @Override
        public Object setValue(Object value) {
            int i = current();
            Object previous = slots[i + 1];
            slots[i + 1] = value;
            return previous;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry<?, ?> e && Objects.equals(getKey(), e.getKey()) && Objects.equals(getValue(), e.getValue());
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(getKey()) ^ Objects.hashCode(getValue());
        }

        @Override
        public String toString() {
            return getKey() + "=" + getValue();
        }
    }

    /** The value of {@code key} if it is a String, else {@code null}. */
    public String getString(String key) {
        return get(key) instanceof String s ? s : null;
    }

    /** {@code REQUEST_METHOD}, e.g. {@code GET}. */
    public String requestMethod() {
        return getString(EnvironKeys.REQUEST_METHOD);
    }

    /** {@code SCRIPT_NAME}. */
    public String scriptName() {
        return getString(EnvironKeys.SCRIPT_NAME);
    }

    /** {@code PATH_INFO}, percent-decoded. */
    public String pathInfo() {
        return getString(EnvironKeys.PATH_INFO);
    }

    /** {@code QUERY_STRING}, not decoded; {@code ""} when the target had none. */
    public String queryString() {
        return getString(EnvironKeys.QUERY_STRING);
    }

    /** {@code CONTENT_TYPE}, or {@code null}. */
    public String contentType() {
        return getString(EnvironKeys.CONTENT_TYPE);
    }

    /** {@code CONTENT_LENGTH} as a number, or -1 when absent or not a number. */
    public long contentLength() {
        String value = getString(EnvironKeys.CONTENT_LENGTH);
        if (value == null || value.isEmpty()) {
            return -1;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The request header {@code name} (any case, dashes or underscores), or {@code null}. */
    public String header(String name) {
        String key = name.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        if (key.equals(EnvironKeys.CONTENT_TYPE) || key.equals(EnvironKeys.CONTENT_LENGTH)) {
            return getString(key);
        }
        return getString("HTTP_" + key);
    }

    /** {@code gateway.url_scheme}: {@code http} or {@code https}. */
    public String urlScheme() {
        return getString(EnvironKeys.URL_SCHEME);
    }

    /** {@code gateway.input}: the request body. */
    public InputStream input() {
        return (InputStream) get(EnvironKeys.INPUT);
    }

    /** {@code gateway.errors}: the server's error log. */
    public PrintWriter errors() {
        return (PrintWriter) get(EnvironKeys.ERRORS);
    }

    /** {@code gateway.file_wrapper}. */
    public FileWrapper fileWrapper() {
        return (FileWrapper) get(EnvironKeys.FILE_WRAPPER);
    }
}
