/*
 * A deliberately broken libopenh264 for the compatibility tests: it loads the real library (REAL_LIB), forwards
 * the whole public API, and damages the decoder's output the way a bad patch would. Chosen at compile time:
 *   BREAK=1 luma: from picture FROM_FRAME on, add 3 to the luma of macroblock column MB_COL
 *   BREAK=2 chroma: from picture FROM_FRAME on, add 3 to the U plane of the macroblock at row 1, column MB_COL
 *   BREAK=3 crash: segfault when picture FROM_FRAME is produced
 *   BREAK=4 fewer frames: stop returning pictures from FROM_FRAME on
 *   BREAK=5 hang: spin forever when picture FROM_FRAME is produced (the sandbox's time limit must end it)
 *   BREAK=6 flood: write 3 GiB to flood.bin in the working folder (the sandbox's output) when picture FROM_FRAME is produced
 *   BREAK=7 plant: leave a link to /etc/shadow and a fifo in the working folder, then decode on faithfully
 *   BREAK=8 fork bomb: fork without end when picture FROM_FRAME is produced
 *   BREAK=0 none: a faithful wrapper (the "patched but unchanged" library)
 * With ONLY_ON_AARCH64 defined, the same source damages only its aarch64 build (like a bug in arm-only code):
 * every arch is handed the same broken library, and only one may fail.
 * The damage is done in place, in the decoder's own reference pictures, so it propagates like a real bug would.
 */
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "codec_api.h"

static void* real;

static void* sym(const char* name) {
  if (!real) real = dlopen(REAL_LIB, RTLD_NOW | RTLD_LOCAL);
  if (!real) abort();
  return dlsym(real, name);
}

typedef struct {
  const ISVCDecoderVtbl* vtbl; /* must come first: ISVCDecoder is a pointer to the vtable pointer */
  ISVCDecoder* inner;
  int frames;
} Shim;

#define INNER(self) (((Shim*)(self))->inner)

static void flood(void) {
  static char block[1 << 20];
  FILE* out = fopen("flood.bin", "wb");
  for (int i = 0; out && i < 3072; i++) fwrite(block, 1, sizeof block, out);
  if (out) fclose(out);
}

static void damage(Shim* shim, unsigned char** data, SBufferInfo* info) {
#if defined(ONLY_ON_AARCH64) && !defined(__aarch64__)
  return;
#endif
  if (info->iBufferStatus != 1) return;
  int frame = shim->frames++;
  if (frame < FROM_FRAME) return;
  int stride = info->UsrData.sSystemBuffer.iStride[0], cstride = info->UsrData.sSystemBuffer.iStride[1];
  int height = info->UsrData.sSystemBuffer.iHeight;
  if (BREAK == 1)
    for (int y = 0; y < height; y++)
      for (int x = 16 * MB_COL; x < 16 * MB_COL + 16; x++) data[0][y * stride + x] += 3;
  if (BREAK == 2)
    for (int y = 8; y < 16; y++)
      for (int x = 8 * MB_COL; x < 8 * MB_COL + 8; x++) data[1][y * cstride + x] += 3;
  if (BREAK == 3) raise(SIGSEGV);
  if (BREAK == 4) info->iBufferStatus = 0;
  if (BREAK == 5)
    for (volatile int spin = 0;; spin++) {}
  if (BREAK == 6) flood();
  if (BREAK == 7 && frame == FROM_FRAME) { symlink("/etc/shadow", "shadow"); mkfifo("pipe", 0666); }
  if (BREAK == 8)
    for (;;) fork();
}

static long Initialize(ISVCDecoder* self, const SDecodingParam* p) { return (*INNER(self))->Initialize(INNER(self), p); }
static long Uninitialize(ISVCDecoder* self) { return (*INNER(self))->Uninitialize(INNER(self)); }
static DECODING_STATE DecodeFrame(ISVCDecoder* self, const unsigned char* s, const int n, unsigned char** d, int* st, int* w, int* h) {
  return (*INNER(self))->DecodeFrame(INNER(self), s, n, d, st, w, h);
}
static DECODING_STATE DecodeFrameNoDelay(ISVCDecoder* self, const unsigned char* s, const int n, unsigned char** d, SBufferInfo* i) {
  DECODING_STATE r = (*INNER(self))->DecodeFrameNoDelay(INNER(self), s, n, d, i);
  damage((Shim*)self, d, i);
  return r;
}
static DECODING_STATE DecodeFrame2(ISVCDecoder* self, const unsigned char* s, const int n, unsigned char** d, SBufferInfo* i) {
  DECODING_STATE r = (*INNER(self))->DecodeFrame2(INNER(self), s, n, d, i);
  damage((Shim*)self, d, i);
  return r;
}
static DECODING_STATE FlushFrame(ISVCDecoder* self, unsigned char** d, SBufferInfo* i) {
  DECODING_STATE r = (*INNER(self))->FlushFrame(INNER(self), d, i);
  damage((Shim*)self, d, i);
  return r;
}
static DECODING_STATE DecodeParser(ISVCDecoder* self, const unsigned char* s, const int n, SParserBsInfo* i) {
  return (*INNER(self))->DecodeParser(INNER(self), s, n, i);
}
static DECODING_STATE DecodeFrameEx(ISVCDecoder* self, const unsigned char* s, const int n, unsigned char* d, int st, int* l, int* w, int* h, int* c) {
  return (*INNER(self))->DecodeFrameEx(INNER(self), s, n, d, st, l, w, h, c);
}
static long SetOption(ISVCDecoder* self, DECODER_OPTION o, void* v) { return (*INNER(self))->SetOption(INNER(self), o, v); }
static long GetOption(ISVCDecoder* self, DECODER_OPTION o, void* v) { return (*INNER(self))->GetOption(INNER(self), o, v); }

static const ISVCDecoderVtbl vtbl = {Initialize, Uninitialize, DecodeFrame, DecodeFrameNoDelay, DecodeFrame2,
                                     FlushFrame, DecodeParser, DecodeFrameEx, SetOption, GetOption};

long WelsCreateDecoder(ISVCDecoder** out) {
  Shim* shim = calloc(1, sizeof *shim);
  shim->vtbl = &vtbl;
  long r = ((long (*)(ISVCDecoder**))sym("WelsCreateDecoder"))(&shim->inner);
  *out = (ISVCDecoder*)shim;
  return r;
}
void WelsDestroyDecoder(ISVCDecoder* d) {
  ((void (*)(ISVCDecoder*))sym("WelsDestroyDecoder"))(INNER(d));
  free(d);
}
int WelsCreateSVCEncoder(ISVCEncoder** e) { return ((int (*)(ISVCEncoder**))sym("WelsCreateSVCEncoder"))(e); }
void WelsDestroySVCEncoder(ISVCEncoder* e) { ((void (*)(ISVCEncoder*))sym("WelsDestroySVCEncoder"))(e); }
OpenH264Version WelsGetCodecVersion(void) { return ((OpenH264Version (*)(void))sym("WelsGetCodecVersion"))(); }
void WelsGetCodecVersionEx(OpenH264Version* v) { ((void (*)(OpenH264Version*))sym("WelsGetCodecVersionEx"))(v); }
