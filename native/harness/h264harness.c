/*
 * h264harness: drive a given libopenh264.so through its public C API only, so that two builds of the library
 * (the shipped baseline and a patched candidate) can be compared picture by picture on every architecture.
 *
 *   h264harness decode LIB STREAM.h264 [--raw OUT.yuv] [--raw-from N] [--frames N]
 *       One line per output picture on stdout:  frame N WIDTH HEIGHT YDIGEST UDIGEST VDIGEST
 *       Digests are XXH64 (seed 0) over the visible (cropped) samples of each plane, row by row, no stride padding.
 *       The last line is: end units=U frames=F errors=E micros=T cpu_micros=C (the decode's wall-clock and CPU time,
 *       library load excluded; the CPU time does not depend on how busy the machine is).
 *       --raw also writes every picture as planar I420 (cropped, no padding) for the difference analysis;
 *       --raw-from N writes only pictures N and later (a soak stream's difference late in the stream).
 *       --frames N stops after N pictures (checking a stream only up to a frame).
 *   h264harness encode LIB IN.yuv WIDTH HEIGHT OUT.h264 [--fps F] [--bitrate BPS] [--rc MODE] [--gop N]
 *                      [--slices N] [--cabac 0|1] [--refs N]
 *       Encodes planar I420 input with the library's encoder (single thread, so the bytes are reproducible).
 *
 * The library is dlopen'ed at run time, never linked: the same harness binary must load the baseline and the
 * candidate in turn. Build: cc -O2 -I <openh264>/codec/api/wels -o h264harness h264harness.c -ldl
 * Exit codes: 0 done, 2 usage or I/O error, 3 the library could not be loaded or initialised.
 */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "codec_api.h"

typedef long (*CreateDecoderFn)(ISVCDecoder**);
typedef void (*DestroyDecoderFn)(ISVCDecoder*);
typedef int (*CreateEncoderFn)(ISVCEncoder**);
typedef void (*DestroyEncoderFn)(ISVCEncoder*);

static void* load_symbol(void* lib, const char* name) {
  void* symbol = dlsym(lib, name);
  if (!symbol) {
    fprintf(stderr, "h264harness: %s not found in the library: %s\n", name, dlerror());
    exit(3);
  }
  return symbol;
}

static unsigned char* read_file(const char* path, size_t* size) {
  FILE* f = fopen(path, "rb");
  if (!f) { fprintf(stderr, "h264harness: cannot open %s\n", path); exit(2); }
  fseek(f, 0, SEEK_END);
  long length = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char* data = malloc(length > 0 ? (size_t)length : 1);
  if (!data || (length > 0 && fread(data, 1, (size_t)length, f) != (size_t)length)) {
    fprintf(stderr, "h264harness: cannot read %s\n", path);
    exit(2);
  }
  fclose(f);
  *size = (size_t)length;
  return data;
}

/* XXH64 (seed 0) of a plane's visible samples, its rows end to end: the build computes the very same digest of FFmpeg's
 * pictures with System.IO.Hashing's XxHash64. Eight bytes a step instead of FNV-1a's one: on x86_64 the byte-serial
 * hash was a sixth of the harness's CPU time for a small picture. Written out here so the harness stays one file that
 * any C compiler builds (the repro bundle compiles it on the user's machine). */
static const uint64_t P1 = 0x9E3779B185EBCA87ULL, P2 = 0xC2B2AE3D27D4EB4FULL, P3 = 0x165667B19E3779F9ULL,
                      P4 = 0x85EBCA77C2B2AE63ULL, P5 = 0x27D4EB2F165667C5ULL;

static uint64_t rotl64(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
static uint64_t read64(const unsigned char* p) { uint64_t v = 0; for (int i = 7; i >= 0; i--) v = v << 8 | p[i]; return v; }
static uint64_t read32(const unsigned char* p) { return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24; }
static uint64_t xxh_round(uint64_t acc, uint64_t input) { return rotl64(acc + input * P2, 31) * P1; }
static uint64_t xxh_merge(uint64_t acc, uint64_t v) { return (acc ^ xxh_round(0, v)) * P1 + P4; }

static uint64_t xxh64(const unsigned char* p, size_t length) {
  const unsigned char* end = p + length;
  uint64_t h;
  if (length >= 32) {
    uint64_t v1 = P1 + P2, v2 = P2, v3 = 0, v4 = 0 - P1;
    for (; p + 32 <= end; p += 32) {
      v1 = xxh_round(v1, read64(p)); v2 = xxh_round(v2, read64(p + 8));
      v3 = xxh_round(v3, read64(p + 16)); v4 = xxh_round(v4, read64(p + 24));
    }
    h = rotl64(v1, 1) + rotl64(v2, 7) + rotl64(v3, 12) + rotl64(v4, 18);
    h = xxh_merge(xxh_merge(xxh_merge(xxh_merge(h, v1), v2), v3), v4);
  } else {
    h = P5;
  }
  h += (uint64_t)length;
  for (; p + 8 <= end; p += 8) h = rotl64(h ^ xxh_round(0, read64(p)), 27) * P1 + P4;
  if (p + 4 <= end) { h = rotl64(h ^ read32(p) * P1, 23) * P2 + P3; p += 4; }
  for (; p < end; p++) h = rotl64(h ^ *p * P5, 11) * P1;
  h ^= h >> 33; h *= P2; h ^= h >> 29; h *= P3; h ^= h >> 32;
  return h;
}

/* The rows of a plane gathered end to end (the decoder's planes are padded to their stride). */
static unsigned char* gathered = NULL;
static size_t gathered_size = 0;

static uint64_t plane_digest(const unsigned char* plane, int stride, int width, int height) {
  size_t length = (size_t)width * (size_t)height;
  if (length > gathered_size) {
    free(gathered);
    if (!(gathered = malloc(length))) { fprintf(stderr, "h264harness: out of memory\n"); exit(2); }
    gathered_size = length;
  }
  for (int y = 0; y < height; y++) memcpy(gathered + (size_t)y * width, plane + (size_t)y * stride, (size_t)width);
  return xxh64(gathered, length);
}

static int frames_out = 0;
static int raw_from = 0;

static long long micros_of(clockid_t clock) {
  struct timespec t;
  clock_gettime(clock, &t);
  return (long long)t.tv_sec * 1000000LL + t.tv_nsec / 1000;
}

static void emit_picture(unsigned char** data, const SBufferInfo* info, FILE* raw) {
  int width = info->UsrData.sSystemBuffer.iWidth, height = info->UsrData.sSystemBuffer.iHeight;
  int luma_stride = info->UsrData.sSystemBuffer.iStride[0], chroma_stride = info->UsrData.sSystemBuffer.iStride[1];
  int chroma_width = (width + 1) / 2, chroma_height = (height + 1) / 2;
  printf("frame %d %d %d %016llx %016llx %016llx\n", frames_out, width, height,
         (unsigned long long)plane_digest(data[0], luma_stride, width, height),
         (unsigned long long)plane_digest(data[1], chroma_stride, chroma_width, chroma_height),
         (unsigned long long)plane_digest(data[2], chroma_stride, chroma_width, chroma_height));
  /* Flushed per picture: when a broken library crashes later, the pictures it did produce still count. */
  fflush(stdout);
  if (raw && frames_out >= raw_from) {
    for (int y = 0; y < height; y++) fwrite(data[0] + (size_t)y * luma_stride, 1, (size_t)width, raw);
    for (int p = 1; p < 3; p++)
      for (int y = 0; y < chroma_height; y++) fwrite(data[p] + (size_t)y * chroma_stride, 1, (size_t)chroma_width, raw);
  }
  frames_out++;
}

/* Start of the next Annex-B start code (00 00 01, or 00 00 00 01) at or after pos, or size. */
static size_t next_start_code(const unsigned char* buf, size_t size, size_t pos) {
  for (size_t i = pos; i + 2 < size; i++)
    if (buf[i] == 0 && buf[i + 1] == 0 && buf[i + 2] == 1) return (i > pos && buf[i - 1] == 0) ? i - 1 : i;
  return size;
}

static size_t payload_offset(const unsigned char* buf, size_t size, size_t pos) {
  while (pos < size && buf[pos] == 0) pos++;
  return pos < size ? pos + 1 : size; /* past the 01 */
}

/*
 * Access units are handed to the decoder whole, as a demuxer would (FFmpeg's wrapper does the same), so that
 * multi-slice pictures are reconstructed once and DecodeFrameNoDelay's output is one picture per unit.
 * A new unit starts at an AUD/SPS/PPS/SEI after a slice, or at a slice whose first_mb_in_slice is 0.
 */
static int decode(const char* lib_path, const char* stream_path, const char* raw_path, int max_frames) {
  void* lib = dlopen(lib_path, RTLD_NOW | RTLD_LOCAL);
  if (!lib) { fprintf(stderr, "h264harness: cannot load %s: %s\n", lib_path, dlerror()); return 3; }
  CreateDecoderFn create = (CreateDecoderFn)load_symbol(lib, "WelsCreateDecoder");
  DestroyDecoderFn destroy = (DestroyDecoderFn)load_symbol(lib, "WelsDestroyDecoder");

  ISVCDecoder* decoder = NULL;
  if (create(&decoder) != 0 || !decoder) { fprintf(stderr, "h264harness: WelsCreateDecoder failed\n"); return 3; }
  SDecodingParam param;
  memset(&param, 0, sizeof param);
  param.sVideoProperty.size = sizeof param.sVideoProperty;
  param.sVideoProperty.eVideoBsType = VIDEO_BITSTREAM_AVC;
  param.eEcActiveIdc = ERROR_CON_DISABLE; /* a concealed picture would hide exactly the differences we look for */
  if ((*decoder)->Initialize(decoder, &param) != 0) { fprintf(stderr, "h264harness: Initialize failed\n"); return 3; }

  FILE* raw = NULL;
  if (raw_path && !(raw = fopen(raw_path, "wb"))) { fprintf(stderr, "h264harness: cannot write %s\n", raw_path); return 2; }

  size_t size;
  unsigned char* stream = read_file(stream_path, &size);
  long long started = micros_of(CLOCK_MONOTONIC), cpu_started = micros_of(CLOCK_PROCESS_CPUTIME_ID);
  size_t unit_start = next_start_code(stream, size, 0), pos = unit_start;
  int seen_slice = 0, units = 0, errors = 0;
  for (;;) {
    size_t nal_end = pos < size ? next_start_code(stream, size, payload_offset(stream, size, pos)) : size;
    int boundary = pos >= size;
    if (!boundary) {
      size_t header = payload_offset(stream, size, pos);
      int type = header < size ? (stream[header] & 0x1f) : 0;
      int is_slice = type == 1 || type == 5;
      int first_mb_zero = is_slice && header + 1 < size && (stream[header + 1] & 0x80);
      boundary = seen_slice && ((type >= 6 && type <= 9) || first_mb_zero);
      if (boundary) seen_slice = 0;
      if (is_slice) seen_slice = 1;
    }
    if (boundary && pos > unit_start) {
      unsigned char* data[3] = {0};
      SBufferInfo info;
      memset(&info, 0, sizeof info);
      DECODING_STATE state = (*decoder)->DecodeFrameNoDelay(decoder, stream + unit_start, (int)(pos - unit_start), data, &info);
      if (state != dsErrorFree) { errors++; fprintf(stderr, "h264harness: access unit %d: decoding state 0x%x\n", units, (unsigned)state); }
      if (info.iBufferStatus == 1) emit_picture(data, &info, raw);
      units++;
      unit_start = pos;
    }
    if (pos >= size || (max_frames > 0 && frames_out >= max_frames)) break;
    pos = nal_end;
  }

  /* Pictures still held back for display order (streams with B-frames). */
  int end_of_stream = 1;
  (*decoder)->SetOption(decoder, DECODER_OPTION_END_OF_STREAM, &end_of_stream);
  int remaining = 0;
  (*decoder)->GetOption(decoder, DECODER_OPTION_NUM_OF_FRAMES_REMAINING_IN_BUFFER, &remaining);
  for (int i = 0; i < remaining && !(max_frames > 0 && frames_out >= max_frames); i++) {
    unsigned char* data[3] = {0};
    SBufferInfo info;
    memset(&info, 0, sizeof info);
    (*decoder)->FlushFrame(decoder, data, &info);
    if (info.iBufferStatus == 1) emit_picture(data, &info, raw);
  }
  printf("end units=%d frames=%d errors=%d micros=%lld cpu_micros=%lld\n", units, frames_out, errors,
         micros_of(CLOCK_MONOTONIC) - started, micros_of(CLOCK_PROCESS_CPUTIME_ID) - cpu_started);
  fflush(stdout);

  (*decoder)->Uninitialize(decoder);
  destroy(decoder);
  if (raw) fclose(raw);
  free(stream);
  return 0;
}

static int encode(const char* lib_path, const char* in_path, int width, int height, const char* out_path,
                  float fps, int bitrate, int rc_mode, int gop, int slices, int cabac, int refs) {
  void* lib = dlopen(lib_path, RTLD_NOW | RTLD_LOCAL);
  if (!lib) { fprintf(stderr, "h264harness: cannot load %s: %s\n", lib_path, dlerror()); return 3; }
  CreateEncoderFn create = (CreateEncoderFn)load_symbol(lib, "WelsCreateSVCEncoder");
  DestroyEncoderFn destroy = (DestroyEncoderFn)load_symbol(lib, "WelsDestroySVCEncoder");

  ISVCEncoder* encoder = NULL;
  if (create(&encoder) != 0 || !encoder) { fprintf(stderr, "h264harness: WelsCreateSVCEncoder failed\n"); return 3; }
  SEncParamExt param;
  (*encoder)->GetDefaultParams(encoder, &param);
  param.iUsageType = CAMERA_VIDEO_REAL_TIME;
  param.iPicWidth = width;
  param.iPicHeight = height;
  param.fMaxFrameRate = fps;
  param.iTargetBitrate = bitrate;
  param.iRCMode = (RC_MODES)rc_mode;
  param.uiIntraPeriod = (unsigned)gop;
  param.iEntropyCodingModeFlag = cabac;
  param.iNumRefFrame = refs;
  param.iMultipleThreadIdc = 1; /* one thread: the bitstream must not depend on the machine's core count */
  param.bUseLoadBalancing = false;
  param.iSpatialLayerNum = 1;
  param.sSpatialLayers[0].iVideoWidth = width;
  param.sSpatialLayers[0].iVideoHeight = height;
  param.sSpatialLayers[0].fFrameRate = fps;
  param.sSpatialLayers[0].iSpatialBitrate = bitrate;
  param.sSpatialLayers[0].iMaxSpatialBitrate = UNSPECIFIED_BIT_RATE;
  if (slices > 1) {
    param.sSpatialLayers[0].sSliceArgument.uiSliceMode = SM_FIXEDSLCNUM_SLICE;
    param.sSpatialLayers[0].sSliceArgument.uiSliceNum = (unsigned)slices;
  }
  if ((*encoder)->InitializeExt(encoder, &param) != 0) { fprintf(stderr, "h264harness: InitializeExt failed\n"); return 3; }

  size_t size;
  unsigned char* yuv = read_file(in_path, &size);
  size_t frame_size = (size_t)width * height * 3 / 2;
  FILE* out = fopen(out_path, "wb");
  if (!out) { fprintf(stderr, "h264harness: cannot write %s\n", out_path); return 2; }

  int frames = 0;
  for (size_t offset = 0; offset + frame_size <= size; offset += frame_size, frames++) {
    SSourcePicture picture;
    memset(&picture, 0, sizeof picture);
    picture.iColorFormat = videoFormatI420;
    picture.iPicWidth = width;
    picture.iPicHeight = height;
    picture.iStride[0] = width;
    picture.iStride[1] = picture.iStride[2] = width / 2;
    picture.pData[0] = yuv + offset;
    picture.pData[1] = picture.pData[0] + (size_t)width * height;
    picture.pData[2] = picture.pData[1] + (size_t)width * height / 4;
    picture.uiTimeStamp = (long long)(frames * 1000.0f / fps);
    SFrameBSInfo info;
    memset(&info, 0, sizeof info);
    if ((*encoder)->EncodeFrame(encoder, &picture, &info) != cmResultSuccess) {
      fprintf(stderr, "h264harness: EncodeFrame failed at frame %d\n", frames);
      return 3;
    }
    int bytes = 0;
    if (info.eFrameType != videoFrameTypeSkip)
      for (int l = 0; l < info.iLayerNum; l++) {
        SLayerBSInfo* layer = &info.sLayerInfo[l];
        int layer_bytes = 0;
        for (int n = 0; n < layer->iNalCount; n++) layer_bytes += layer->pNalLengthInByte[n];
        fwrite(layer->pBsBuf, 1, (size_t)layer_bytes, out);
        bytes += layer_bytes;
      }
    printf("encoded %d %d %d\n", frames, (int)info.eFrameType, bytes);
  }
  printf("end frames=%d\n", frames);
  fclose(out);
  (*encoder)->Uninitialize(encoder);
  destroy(encoder);
  free(yuv);
  return 0;
}

static void usage(void) {
  fprintf(stderr,
          "usage: h264harness decode LIB STREAM.h264 [--raw OUT.yuv] [--raw-from N] [--frames N]\n"
          "       h264harness encode LIB IN.yuv WIDTH HEIGHT OUT.h264 [--fps F] [--bitrate BPS] [--rc MODE]\n"
          "                          [--gop N] [--slices N] [--cabac 0|1] [--refs N]\n");
  exit(2);
}

int main(int argc, char** argv) {
  if (argc >= 4 && strcmp(argv[1], "decode") == 0) {
    const char* raw = NULL;
    int max_frames = 0;
    for (int i = 4; i < argc; i++) {
      if (strcmp(argv[i], "--raw") == 0 && i + 1 < argc) raw = argv[++i];
      else if (strcmp(argv[i], "--raw-from") == 0 && i + 1 < argc) raw_from = atoi(argv[++i]);
      else if (strcmp(argv[i], "--frames") == 0 && i + 1 < argc) max_frames = atoi(argv[++i]);
      else usage();
    }
    return decode(argv[2], argv[3], raw, max_frames);
  }
  if (argc >= 7 && strcmp(argv[1], "encode") == 0) {
    float fps = 30.0f;
    int bitrate = 500000, rc = RC_QUALITY_MODE, gop = 0, slices = 1, cabac = 0, refs = 1;
    for (int i = 7; i < argc; i++) {
      if (i + 1 >= argc) usage();
      if (strcmp(argv[i], "--fps") == 0) fps = (float)atof(argv[++i]);
      else if (strcmp(argv[i], "--bitrate") == 0) bitrate = atoi(argv[++i]);
      else if (strcmp(argv[i], "--rc") == 0) rc = atoi(argv[++i]);
      else if (strcmp(argv[i], "--gop") == 0) gop = atoi(argv[++i]);
      else if (strcmp(argv[i], "--slices") == 0) slices = atoi(argv[++i]);
      else if (strcmp(argv[i], "--cabac") == 0) cabac = atoi(argv[++i]);
      else if (strcmp(argv[i], "--refs") == 0) refs = atoi(argv[++i]);
      else usage();
    }
    return encode(argv[2], argv[3], atoi(argv[4]), atoi(argv[5]), argv[6], fps, bitrate, rc, gop, slices, cabac, refs);
  }
  usage();
  return 2;
}
