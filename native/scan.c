// trailwatch's structural scanner for CloudTrail log JSON, compiled to WebAssembly with SIMD
// (see native/build.sh). It does what lib/cloudtrail/split-records.ts does in JavaScript, one
// record at a time: find where the record ends and where the values of the wanted top-level keys
// (and of the wanted keys of its identity object and of that object's session context) lie,
// jumping over strings and nested values 16 bytes at a time.
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
// 2: inside the identity's session context). JS writes them to `keys` as [length][bytes…][field],
// each table after the last, and calls set_keys(table, count, inner field, offset of the table):
// a wanted member of that table whose field is the inner field and whose value is an object is
// reported and then scanned with the next table.
#define TABLES 3
#define MAX_KEYS 64
uint8_t keys[4096];
static int32_t key_off[TABLES][MAX_KEYS], key_len[TABLES][MAX_KEYS], key_field[TABLES][MAX_KEYS], key_count[TABLES];
static int32_t inner_field[TABLES] = {-1, -1, -1};
// The output of scan_record: per wanted member, field, value start, value end (exclusive),
// kind, and for strings an FNV-1a hash of the content (so JS can reuse decoded strings).
int32_t found[MAX_MEMBERS * 5];
static int32_t found_count;

uint8_t *keys_ptr(void) { return keys; }
int32_t *found_ptr(void) { return found; }
int32_t found_total(void) { return found_count; }

void set_keys(int32_t table, int32_t count, int32_t inner, int32_t from) {
  int off = from;
  key_count[table] = count;
  for (int k = 0; k < count; k++) {
    key_len[table][k] = keys[off];
    key_off[table][k] = off + 1;
    key_field[table][k] = keys[off + 1 + keys[off]];
    off += keys[off] + 2;
  }
  inner_field[table] = table + 1 < TABLES ? inner : -1;
}

// The wanted field the key data[start, end) names in `table`, or -1.
static int match_key(int table, int start, int end) {
  int len = end - start;
  for (int k = 0; k < key_count[table]; k++) {
    if (key_len[table][k] != len) continue;
    const uint8_t *want = keys + key_off[table][k];
    int j = 0;
    while (j < len && want[j] == data[start + j]) j++;
    if (j == len) return key_field[table][k];
  }
  return -1;
}

static int32_t fnv(int start, int end) {
  uint32_t hash = 0x811c9dc5u ^ (uint32_t)(end - start);
  for (int k = start; k < end; k++) hash = (hash ^ data[k]) * 0x01000193u;
  return (int32_t)hash;
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

// Index after the value (object or array) opening at `open`, -1 when it runs past n, -2 when its
// brackets do not match.
static int skip_container(int open, int n) {
  const v128_t quote = wasm_i8x16_splat('"');
  const v128_t lbrace = wasm_i8x16_splat('{');
  const v128_t rbrace = wasm_i8x16_splat('}');
  const v128_t lbracket = wasm_i8x16_splat('[');
  const v128_t rbracket = wasm_i8x16_splat(']');
  int depth = 0;
  nesting[depth++] = data[open];
  int i = open + 1;
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
      if (c == '{' || c == '[') {
        if (depth == MAX_DEPTH) return -2;
        nesting[depth++] = c;
      } else {
        uint8_t open_c = nesting[--depth];
        if (open_c != (c == '}' ? '{' : '[')) return -2;
        if (depth == 0) return at + 1;
      }
      mask &= mask - 1;
    }
    i += 16;
  next_block:;
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
    int field = match_key(table, i + 1, key_end);
    i = key_end + 1;
    while (i < n && is_space(data[i])) i++;
    if (i >= n) return -1;
    if (data[i] != ':') { error_index = i; return -2; }
    i++;
    while (i < n && is_space(data[i])) i++;
    if (i >= n) return -1;
    int value_start = i, value_end, kind;
    uint8_t c = data[i];
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
    if (field >= 0) {
      int at = found_count;
      if (at < MAX_MEMBERS) {
        int32_t *f = found + at * 5;
        f[0] = field; f[1] = value_start; f[2] = value_end; f[3] = kind;
        f[4] = kind == 1 ? fnv(value_start + 1, value_end - 1) : 0;
        found_count++;
      }
      if (field == inner_field[table] && kind == 2) {
        int inner = scan_members(value_start, n, table + 1);
        if (inner == -2 && table > 0) {
          // Inside the identity, only brackets and strings were checked before (they are: the
          // value was skipped above): an object whose members do not parse keeps its place,
          // reported as kind 5, and none of its members.
          found_count = at < MAX_MEMBERS ? at + 1 : at;
          if (at < MAX_MEMBERS) found[at * 5 + 3] = 5;
          error_index = -1;
        } else if (inner < 0) {
          return inner;
        }
      }
    }
    i = value_end;
    while (i < n && is_space(data[i])) i++;
    if (i >= n) return -1;
    if (data[i] == ',') { i++; continue; }
    if (data[i] == '}') return i + 1;
    error_index = i;
    return -2;
  }
}
