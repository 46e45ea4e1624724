/*
 * glibc's malloc raises its mmap threshold to the size of every mid-sized block (128 KiB-32 MiB)
 * it frees, and then keeps twice that much free memory at a heap's top before it shrinks the heap.
 * A long `claims run` frees such blocks early (file buffers, SQLite's page cache, zip parts), so
 * what it frees later stays resident for the rest of the run: tens of megabytes at a million lines,
 * in the main heap and in each thread's arena. MALLOC_MMAP_THRESHOLD_ and MALLOC_TRIM_THRESHOLD_
 * fix both, but only at process start; Node has no call for mallopt or malloc_trim, hence these.
 * Elsewhere than glibc they do nothing and say so. Used by src/cli/allocator.ts.
 */
#include <node_api.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

/* mallopt(option, the one argument) when that is a whole number of bytes in (0, max]. */
static napi_value set_option(napi_env env, napi_callback_info info, int option, int64_t max) {
  size_t argc = 1;
  napi_value argv[1];
  int64_t bytes = 0;
  bool done = false;
  napi_value result;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) == napi_ok && argc == 1 &&
      napi_get_value_int64(env, argv[0], &bytes) == napi_ok && bytes > 0 && bytes <= max) {
#if defined(__GLIBC__)
    done = mallopt(option, (int)bytes) == 1;
#else
    (void)option;
#endif
  }
  napi_get_boolean(env, done, &result);
  return result;
}

#if !defined(__GLIBC__)
#define M_MMAP_THRESHOLD 0
#define M_TRIM_THRESHOLD 0
#endif

/* setMmapThreshold(bytes): true when glibc took it (at most 32 MiB, glibc's own limit). */
static napi_value set_mmap_threshold(napi_env env, napi_callback_info info) {
  return set_option(env, info, M_MMAP_THRESHOLD, 32 * 1024 * 1024);
}

/* setTrimThreshold(bytes): true when glibc took it. */
static napi_value set_trim_threshold(napi_env env, napi_callback_info info) {
  return set_option(env, info, M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
}

/* releaseFreeMemory(): gives every heap's free pages back to the system; true when some were. */
static napi_value release_free_memory(napi_env env, napi_callback_info info) {
  bool done = false;
  napi_value result;
  (void)info;
#if defined(__GLIBC__)
  done = malloc_trim(0) == 1;
#endif
  napi_get_boolean(env, done, &result);
  return result;
}

static bool export_function(napi_env env, napi_value exports, const char *name, napi_callback cb) {
  napi_value fn;
  return napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, NULL, &fn) == napi_ok &&
         napi_set_named_property(env, exports, name, fn) == napi_ok;
}

NAPI_MODULE_INIT() {
  if (!export_function(env, exports, "setMmapThreshold", set_mmap_threshold) ||
      !export_function(env, exports, "setTrimThreshold", set_trim_threshold) ||
      !export_function(env, exports, "releaseFreeMemory", release_free_memory))
    return NULL;
  return exports;
}
