// trailwatch's structural scanner for CloudTrail log JSON, compiled to WebAssembly with SIMD
// (see native/build.sh). It does what lib/cloudtrail/split-records.ts does in JavaScript, one
// record at a time: find where the record ends and where the values of the wanted top-level keys
// (and of the wanted keys of its identity object and of that object's session context) lie,
// jumping over strings 16 bytes at a time and over nested values 64 bytes at a time.
#include <stdint.h>
#include <wasm_simd128.h>

#define DATA_BYTES (4 * 1024 * 1024 + 64)
#define MAX_MEMBERS 256
#define MAX_DEPTH 512

// The input: JS copies a chunk here (64 zero bytes of padding after the data keep the 16-byte
// loads inside the array).
uint8_t data[DATA_BYTES];
static uint8_t nesting[MAX_DEPTH];

// Keys the caller wants, per table (0: the record's top level, 1: inside the identity object,
// 2: inside the identity's session context). JS writes them to `keys` as
// [length][bytes…][field][flags], each table after the last, and calls set_keys(table, count,
// inner field, offset of the table): a wanted member of that table whose field is the inner field
// and whose value is an object is reported and then scanned with the next table. Flag INTERN: a
// string value of the key is interned (see intern below).
#define TABLES 3
#define MAX_KEYS 64
uint8_t keys[4096];
#define INTERN 1
static int32_t key_off[TABLES][MAX_KEYS], key_len[TABLES][MAX_KEYS], key_field[TABLES][MAX_KEYS], key_count[TABLES];
static uint8_t key_flags[TABLES][MAX_KEYS];
static int32_t inner_field[TABLES] = {-1, -1, -1};
// Per table, the first key of each length and the next key of the same length, or -1: a member's
// key is compared with the wanted keys of its length only (a key of MAX_KEY_LENGTH bytes or more,
// which no table has, with every key in turn).
#define MAX_KEY_LENGTH 64
static int8_t first_of_length[TABLES][MAX_KEY_LENGTH];
static int8_t next_of_length[TABLES][MAX_KEYS];
// The output of scan_record: per wanted member, field, value start, value end (exclusive), kind,
// and for a string of an INTERN key its string number (see intern), else -1.
int32_t found[MAX_MEMBERS * 5];
static int32_t found_count;

uint8_t *keys_ptr(void) { return keys; }
int32_t *found_ptr(void) { return found; }
int32_t found_total(void) { return found_count; }

void set_keys(int32_t table, int32_t count, int32_t inner, int32_t from) {
  int off = from;
  key_count[table] = count;
  for (int l = 0; l < MAX_KEY_LENGTH; l++) first_of_length[table][l] = -1;
  for (int k = 0; k < count; k++) {
    key_len[table][k] = keys[off];
    key_off[table][k] = off + 1;
    key_field[table][k] = keys[off + 1 + keys[off]];
    key_flags[table][k] = keys[off + 2 + keys[off]];
    off += keys[off] + 3;
  }
  // Chained last to first, so a length's chain lists its keys in table order.
  for (int k = count - 1; k >= 0; k--) {
    int len = key_len[table][k];
    next_of_length[table][k] = -1;
    if (len >= MAX_KEY_LENGTH) continue;
    next_of_length[table][k] = first_of_length[table][len];
    first_of_length[table][len] = (int8_t)k;
  }
  inner_field[table] = table + 1 < TABLES ? inner : -1;
}

// The wanted key data[start, end) names in `table` (its index), or -1.
static int match_key(int table, int start, int end) {
  int len = end - start;
  int k = len < MAX_KEY_LENGTH ? first_of_length[table][len] : 0;
  for (; k >= 0 && k < key_count[table]; k = len < MAX_KEY_LENGTH ? next_of_length[table][k] : k + 1) {
    if (key_len[table][k] != len) continue;
    const uint8_t *want = keys + key_off[table][k];
    int j = 0;
    while (j < len && want[j] == data[start + j]) j++;
    if (j == len) return k;
  }
  return -1;
}

// Interned strings: values that repeat from record to record (event source and name, region,
// account, identity type and ARN, agent…) are numbered by their bytes, each number once, so JS
// decodes a value once and then finds it by its number. A string's bytes are kept in `arena`,
// found through an open-addressing table of their hashes. Up to INTERN_MAX strings of up to
// INTERN_LENGTH bytes each, as many as fit in the arena; past that, values are not interned.
#define INTERN_MAX 50000
#define INTERN_LENGTH 255
#define INTERN_SLOTS 65536
#define ARENA_BYTES (2 * 1024 * 1024)
static uint8_t arena[ARENA_BYTES + 16];
static int32_t arena_used;
static int32_t slot_string[INTERN_SLOTS];  // string number + 1; 0: empty
static int32_t string_at[INTERN_MAX], string_hash[INTERN_MAX];
static uint8_t string_len[INTERN_MAX];
static int32_t strings;

typedef struct { uint64_t v; } __attribute__((packed)) unaligned64;

// A hash of the `len` bytes at p, 8 at a time (p may be read 7 bytes past its end).
static uint32_t hash_bytes(const uint8_t *p, int len) {
  uint64_t h = 0x9e3779b97f4a7c15ull ^ (uint64_t)len;
  for (int k = 0; k < len; k += 8) {
    uint64_t word = ((const unaligned64 *)(p + k))->v;
    if (len - k < 8) word &= (1ull << ((len - k) * 8)) - 1;
    h = (h ^ word) * 0xff51afd7ed558ccdull;
    h ^= h >> 32;
  }
  h *= 0xc4ceb9fe1a85ec53ull;
  return (uint32_t)(h ^ (h >> 32));
}

// Whether the `len` bytes at a and b are equal, 16 at a time (both may be read 15 bytes past).
static int same_bytes(const uint8_t *a, const uint8_t *b, int len) {
  for (int k = 0; k < len; k += 16) {
    uint32_t eq = wasm_i8x16_bitmask(wasm_i8x16_eq(wasm_v128_load(a + k), wasm_v128_load(b + k)));
    uint32_t want = len - k >= 16 ? 0xffffu : (1u << (len - k)) - 1;
    if ((eq & want) != want) return 0;
  }
  return 1;
}

// The number of the string data[start, end) (interned now if new), or -1 when it is too long or
// the table is full. JS decodes a number's string the first time it sees the number: a record
// cut short by the end of a chunk may intern strings that JS reads only when the record is whole.
static int32_t intern(int start, int end) {
  int len = end - start;
  if (len > INTERN_LENGTH) return -1;
  uint32_t hash = hash_bytes(data + start, len);
  uint32_t slot = hash & (INTERN_SLOTS - 1);
  for (;;) {
    int32_t n = slot_string[slot] - 1;
    if (n < 0) break;
    if (string_hash[n] == (int32_t)hash && string_len[n] == len && same_bytes(arena + string_at[n], data + start, len))
      return n;
    slot = (slot + 1) & (INTERN_SLOTS - 1);
  }
  if (strings == INTERN_MAX || arena_used + len > ARENA_BYTES) return -1;
  int32_t n = strings++;
  for (int k = 0; k < len; k++) arena[arena_used + k] = data[start + k];
  string_at[n] = arena_used;
  string_len[n] = (uint8_t)len;
  string_hash[n] = (int32_t)hash;
  arena_used += len;
  slot_string[slot] = n + 1;
  return n;
}

uint8_t *data_ptr(void) { return data; }
int32_t data_capacity(void) { return DATA_BYTES - 64; }

// Index of the quote closing the string whose content starts at i, or -1 (not in [i, n)).
static int string_end(int i, int n) {
  const v128_t quote = wasm_i8x16_splat('"');
  const v128_t backslash = wasm_i8x16_splat('\\');
  while (i < n) {
    v128_t block = wasm_v128_load(data + i);
    uint32_t q = wasm_i8x16_bitmask(wasm_i8x16_eq(block, quote));
    uint32_t b = wasm_i8x16_bitmask(wasm_i8x16_eq(block, backslash));
    if ((q | b) == 0) {
      i += 16;
      continue;
    }
    int at = __builtin_ctz(q | b);
    if (i + at >= n) return -1;
    if (q & (1u << at)) return i + at;
    i += at + 2;  // an escape: skip the backslash and the byte it escapes
  }
  return -1;
}

// Opens or closes a level of `nesting` for the bracket c: 1 when that closes the outermost level,
// -2 when it closes a level the other bracket opened or opens one past MAX_DEPTH, else 0.
static inline int bracket(uint8_t c, int *depth) {
  if (c == '{' || c == '[') {
    if (*depth == MAX_DEPTH) return -2;
    nesting[(*depth)++] = c;
    return 0;
  }
  uint8_t open_c = nesting[--*depth];
  if (open_c != (c == '}' ? '{' : '[')) return -2;
  return *depth == 0 ? 1 : 0;
}

// skip_container from i (depth levels open, their brackets in `nesting`) the way the JavaScript
// walk does it: 16 bytes at a time, each string walked to its closing quote, a backslash outside
// any string escaping nothing. Starts inside a string when `in_string` (whose byte at i is
// escaped when `escaped`).
static int skip_bytes(int i, int n, int depth, int in_string, int escaped) {
  if (in_string) {
    int end = string_end(i + escaped, n);
    if (end < 0) return -1;
    i = end + 1;
  }
  const v128_t quote = wasm_i8x16_splat('"');
  const v128_t lbrace = wasm_i8x16_splat('{');
  const v128_t rbrace = wasm_i8x16_splat('}');
  const v128_t lbracket = wasm_i8x16_splat('[');
  const v128_t rbracket = wasm_i8x16_splat(']');
  while (i < n) {
    v128_t block = wasm_v128_load(data + i);
    v128_t hits = wasm_v128_or(
        wasm_v128_or(wasm_i8x16_eq(block, quote), wasm_i8x16_eq(block, lbrace)),
        wasm_v128_or(wasm_v128_or(wasm_i8x16_eq(block, rbrace), wasm_i8x16_eq(block, lbracket)),
                     wasm_i8x16_eq(block, rbracket)));
    uint32_t mask = wasm_i8x16_bitmask(hits);
    while (mask != 0) {
      int at = i + __builtin_ctz(mask);
      if (at >= n) return -1;
      uint8_t c = data[at];
      if (c == '"') {
        int end = string_end(at + 1, n);
        if (end < 0) return -1;
        i = end + 1;
        goto next_block;
      }
      int step = bracket(c, &depth);
      if (step == -2) return -2;
      if (step == 1) return at + 1;
      mask &= mask - 1;
    }
    i += 16;
  next_block:;
  }
  return -1;
}

// The 64 bytes a, b, c, d (in that order), one bit each: where they equal x.
static inline uint64_t eq64(v128_t a, v128_t b, v128_t c, v128_t d, v128_t x) {
  return (uint64_t)wasm_i8x16_bitmask(wasm_i8x16_eq(a, x)) |
         (uint64_t)wasm_i8x16_bitmask(wasm_i8x16_eq(b, x)) << 16 |
         (uint64_t)wasm_i8x16_bitmask(wasm_i8x16_eq(c, x)) << 32 |
         (uint64_t)wasm_i8x16_bitmask(wasm_i8x16_eq(d, x)) << 48;
}

// Bit k: whether an odd number of the bits 0..k of x are set.
static inline uint64_t prefix_xor(uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

// Index after the value (object or array) opening at `open`, -1 when it runs past n, -2 when its
// brackets do not match. Reads 64 bytes at a time: which bytes lie inside strings follows from
// the unescaped quotes (an odd run of backslashes escapes the byte after it), so every bracket
// outside strings is found without walking each string. From a block with a backslash outside
// any string (not JSON) on, the rest is walked string by string instead (skip_bytes), where a
// backslash there escapes nothing, as in the JavaScript walk.
static int skip_container(int open, int n) {
  const v128_t quote = wasm_i8x16_splat('"');
  const v128_t backslash = wasm_i8x16_splat('\\');
  const v128_t case_bit = wasm_i8x16_splat(0x20);
  // '{' and '[' differ by 0x20 only, as do '}' and ']'.
  const v128_t opening = wasm_i8x16_splat('{');
  const v128_t closing = wasm_i8x16_splat('}');
  const uint64_t even_bits = 0x5555555555555555ULL;
  int depth = 0;
  nesting[depth++] = data[open];
  int i = open + 1;
  uint64_t in_string = 0;  // all ones when the block starts inside a string
  uint64_t escaped = 0;    // 1 when the block's first byte is escaped
  while (i < n) {
    v128_t a = wasm_v128_load(data + i), b = wasm_v128_load(data + i + 16);
    v128_t c = wasm_v128_load(data + i + 32), d = wasm_v128_load(data + i + 48);
    uint64_t quotes = eq64(a, b, c, d, quote);
    uint64_t slashes = eq64(a, b, c, d, backslash);
    uint64_t escapes = 0;
    const uint64_t entry_escaped = escaped;
    if ((slashes | escaped) != 0) {
      uint64_t starts = slashes & ~escaped;
      uint64_t follows = starts << 1 | escaped;
      uint64_t odd_starts = starts & ~even_bits & ~follows;
      uint64_t sum;
      uint64_t carry = __builtin_add_overflow(odd_starts, starts, &sum);
      escapes = (even_bits ^ (sum << 1)) & follows;
      escaped = carry;
    }
    uint64_t strings = prefix_xor(quotes & ~escapes) ^ in_string;
    uint64_t valid = n - i >= 64 ? ~0ULL : (1ULL << (n - i)) - 1;
    if ((slashes & ~strings & valid) != 0)
      return skip_bytes(i, n, depth, in_string != 0, (int)entry_escaped);
    a = wasm_v128_or(a, case_bit);
    b = wasm_v128_or(b, case_bit);
    c = wasm_v128_or(c, case_bit);
    d = wasm_v128_or(d, case_bit);
    uint64_t brackets = (eq64(a, b, c, d, opening) | eq64(a, b, c, d, closing)) & ~strings & valid;
    while (brackets != 0) {
      int bit = __builtin_ctzll(brackets);
      int step = bracket(data[i + bit], &depth);
      if (step == -2) return -2;
      if (step == 1) return i + bit + 1;
      brackets &= brackets - 1;
    }
    in_string = (uint64_t)((int64_t)strings >> 63);
    i += 64;
  }
  return -1;
}

static int is_space(uint8_t c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

static int32_t error_index;
int32_t error_at(void) { return error_index; }

static int32_t scan_members(int32_t open, int32_t n, int table);

// Scans the record opening at `open` (data[open] == '{') within [0, n): the wanted members of
// its top level (table 0), of its identity object (table 1) and of the identity's session context
// (table 2) go to `found`, each object before its own members. Returns the index
// after its closing brace, -1 when it runs past n, -2 on a structural error (at error_at()).
// Value kinds: 1 string, 2 object, 3 array, 4 literal, 5 an object of the identity whose members
// could not be read (reported without them).
int32_t scan_record(int32_t open, int32_t n) {
  found_count = 0;
  error_index = -1;
  return scan_members(open, n, 0);
}

// Reports the object at `open` (a wanted member of `table` whose members table + 1 wants) and then
// its wanted members, in one walk; returns the index after it, -1 or -2 (error_index set) as
// scanning it as a plain value and then its members would. Only when that walk fails is the
// object skipped as a plain value, to tell a value cut short from a malformed one, as before.
static int32_t scan_inner(int field, int32_t open, int32_t n, int table) {
  int at = found_count;
  if (at < MAX_MEMBERS) found_count++;
  int kind = 2;
  int32_t end = scan_members(open, n, table + 1);
  if (end < 0) {
    int32_t inner_error = error_index;
    int32_t skipped = skip_container(open, n);
    if (skipped == -1) return -1;
    if (skipped == -2) { error_index = open; return -2; }
    if (end == -1) return -1;
    if (table == 0) { error_index = inner_error; return -2; }
    // Inside the identity, an object whose members do not parse keeps its place, reported as
    // kind 5, and none of its members.
    found_count = at < MAX_MEMBERS ? at + 1 : at;
    error_index = -1;
    kind = 5;
    end = skipped;
  }
  if (at < MAX_MEMBERS) {
    int32_t *f = found + at * 5;
    f[0] = field; f[1] = open; f[2] = end; f[3] = kind; f[4] = -1;
  }
  return end;
}

// Reports the members of the object at `open` that `table` wants in `found`.
static int32_t scan_members(int32_t open, int32_t n, int table) {
  int i = open + 1;
  int first = 1;
  for (;;) {
    while (i < n && is_space(data[i])) i++;
    if (i >= n) return -1;
    if (data[i] == '}' && first) return i + 1;
    first = 0;
    if (data[i] != '"') { error_index = i; return -2; }
    int key_end = string_end(i + 1, n);
    if (key_end < 0) return -1;
    int key = match_key(table, i + 1, key_end);
    int field = key >= 0 ? key_field[table][key] : -1;
    i = key_end + 1;
    while (i < n && is_space(data[i])) i++;
    if (i >= n) return -1;
    if (data[i] != ':') { error_index = i; return -2; }
    i++;
    while (i < n && is_space(data[i])) i++;
    if (i >= n) return -1;
    int value_start = i, value_end, kind;
    uint8_t c = data[i];
    if (c == '{' && field >= 0 && field == inner_field[table]) {
      // The object whose members the next table wants: one walk reports them and finds its end.
      int r = scan_inner(field, i, n, table);
      if (r < 0) return r;
      i = r;
      goto after_value;
    }
    if (c == '"') {
      int end = string_end(i + 1, n);
      if (end < 0) return -1;
      value_end = end + 1;
      kind = 1;
    } else if (c == '{' || c == '[') {
      int end = skip_container(i, n);
      if (end == -1) return -1;
      if (end == -2) { error_index = i; return -2; }
      value_end = end;
      kind = c == '{' ? 2 : 3;
    } else {
      int j = i;
      while (j < n) {
        uint8_t d = data[j];
        if ((d >= '0' && d <= '9') || d == '-' || d == '+' || d == '.' || d == 'e' || d == 'E' ||
            (d >= 'a' && d <= 'z')) {
          j++;
          continue;
        }
        break;
      }
      if (j >= n) return -1;
      if (j == i) { error_index = i; return -2; }
      value_end = j;
      kind = 4;
    }
    if (field >= 0 && found_count < MAX_MEMBERS) {
      int32_t *f = found + found_count * 5;
      f[0] = field; f[1] = value_start; f[2] = value_end; f[3] = kind;
      f[4] = kind == 1 && (key_flags[table][key] & INTERN) ? intern(value_start + 1, value_end - 1) : -1;
      found_count++;
    }
    i = value_end;
  after_value:
    while (i < n && is_space(data[i])) i++;
    if (i >= n) return -1;
    if (data[i] == ',') { i++; continue; }
    if (data[i] == '}') return i + 1;
    error_index = i;
    return -2;
  }
}
