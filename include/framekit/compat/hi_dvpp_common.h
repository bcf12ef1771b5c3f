/* framekit's C ABI for the hardware media SDK: common enums and structs (frames,
 * picture streams, error-code layout) and device memory. Names and numeric values are
 * the SDK's, so code written for the hardware compiles unchanged; framekit implements
 * them on the CPU (see docs/jpege.md). */
#ifndef HI_DVPP_COMMON_H_
#define HI_DVPP_COMMON_H_

#include "hi_dvpp_type.h"

#ifdef __cplusplus
extern "C" {
#endif

#define ALIGN_NUM 8
#define DEFAULT_ALIGN 32U
/* Pointer fields are 8-byte aligned so the layout is the same for 32- and 64-bit code. */
#define ATTRIBUTE __attribute__((aligned(ALIGN_NUM)))
#define ALIGN_UP(x, a) ((((x) + ((a) - 1U)) / (a)) * (a))

#define HI_MAX_COLOR_COMPONENT 3
#define HI_MAX_USER_DATA_NUM 2

/* An error code: 0xA0000000 | module << 16 | level << 13 | reason. */
#define HI_ERR_APP_ID (0x80000000U + 0x20000000U)
#define HI_DEFINE_ERR(mod, level, err_id) \
    ((hi_s32)((HI_ERR_APP_ID) | ((hi_u32)(mod) << 16) | ((hi_u32)(level) << 13) | ((hi_u32)(err_id))))

typedef enum {
    HI_ERR_INVALID_DEV_ID = 1,
    HI_ERR_INVALID_CHN_ID = 2,
    HI_ERR_ILLEGAL_PARAM = 3,
    HI_ERR_EXIST = 4,
    HI_ERR_UNEXIST = 5,
    HI_ERR_NULL_PTR = 6,
    HI_ERR_NOT_CFG = 7,
    HI_ERR_NOT_SUPPORT = 8,
    HI_ERR_NOT_PERM = 9,
    HI_ERR_INVALID_PIPE_ID = 10,
    HI_ERR_INVALID_GRP_ID = 11,
    HI_ERR_NO_MEM = 12,
    HI_ERR_NO_BUF = 13,
    HI_ERR_BUF_EMPTY = 14,
    HI_ERR_BUF_FULL = 15,
    HI_ERR_NOT_READY = 16,
    HI_ERR_BAD_ADDR = 17,
    HI_ERR_BUSY = 18,
    HI_ERR_SIZE_NOT_ENOUGH = 19,
    HI_ERR_TIMEOUT = 20,
    HI_ERR_SYS_ERROR = 21,
    HI_ERR_BUTT = 63,
} hi_errno;

typedef enum {
    HI_ERR_LEVEL_DEBUG = 0,
    HI_ERR_LEVEL_INFO,
    HI_ERR_LEVEL_NOTICE,
    HI_ERR_LEVEL_WARNING,
    HI_ERR_LEVEL_ERROR,
    HI_ERR_LEVEL_CRIT,
    HI_ERR_LEVEL_ALERT,
    HI_ERR_LEVEL_FATAL,
    HI_ERR_LEVEL_BUTT
} hi_err_level;

/* Module ids (the ones a JPEGE program meets; values as in the SDK). */
typedef enum {
    HI_ID_CMPI = 0,
    HI_ID_VB = 1,
    HI_ID_SYS = 2,
    HI_ID_RGN = 3,
    HI_ID_CHNL = 4,
    HI_ID_VDEC = 5,
    HI_ID_AVS = 6,
    HI_ID_VPC = 7,
    HI_ID_VENC = 8,
    HI_ID_SVP = 9,
    HI_ID_H264E = 10,
    HI_ID_JPEGE = 11,
    HI_ID_MPEG4E = 12,
    HI_ID_H265E = 13,
    HI_ID_JPEGD = 14,
    HI_ID_VO = 15,
    HI_ID_VI = 16,
    HI_ID_USER = 30,
    HI_ID_VGS = 45,
    HI_ID_VPSS = 62,
    HI_ID_PNGD = 64,
    HI_ID_BUTT = 0x100,
} hi_mod_id;

/* Payload types (RTP numbering). JPEGE channels take HI_PT_JPEG. */
typedef enum {
    HI_PT_PCMU = 0,
    HI_PT_PCMA = 8,
    HI_PT_JPEG = 26,
    HI_PT_H264 = 96,
    HI_PT_H265 = 265,
    HI_PT_PNG = 268,
    HI_PT_MJPEG = 1002,
    HI_PT_PRORES = 1006,
    HI_PT_BUTT
} hi_payload_type;

typedef enum {
    HI_DATA_BIT_WIDTH_8 = 0,
    HI_DATA_BIT_WIDTH_10,
    HI_DATA_BIT_WIDTH_12,
    HI_DATA_BIT_WIDTH_14,
    HI_DATA_BIT_WIDTH_16,
    HI_DATA_BIT_WIDTH_BUTT
} hi_data_bit_width;

/* Pixel formats. framekit's JPEGE takes the hardware's set (YUV/YVU semi-planar 4:2:0
 * and the four packed 4:2:2 orders) plus: 4:0:0, planar 4:2:0/4:2:2/4:4:4 in both
 * chroma orders, YUV semi-planar 4:2:2/4:4:4, and RGB/BGR/RGBA/BGRA 8888. */
typedef enum {
    HI_PIXEL_FORMAT_YUV_400 = 0,
    HI_PIXEL_FORMAT_YUV_SEMIPLANAR_420 = 1,
    HI_PIXEL_FORMAT_YVU_SEMIPLANAR_420 = 2,
    HI_PIXEL_FORMAT_YUV_SEMIPLANAR_422 = 3,
    HI_PIXEL_FORMAT_YVU_SEMIPLANAR_422 = 4,
    HI_PIXEL_FORMAT_YUV_SEMIPLANAR_444 = 5,
    HI_PIXEL_FORMAT_YVU_SEMIPLANAR_444 = 6,
    HI_PIXEL_FORMAT_YUYV_PACKED_422 = 7,
    HI_PIXEL_FORMAT_UYVY_PACKED_422 = 8,
    HI_PIXEL_FORMAT_YVYU_PACKED_422 = 9,
    HI_PIXEL_FORMAT_VYUY_PACKED_422 = 10,
    HI_PIXEL_FORMAT_YUV_PACKED_444 = 11,
    HI_PIXEL_FORMAT_RGB_888 = 12,
    HI_PIXEL_FORMAT_BGR_888 = 13,
    HI_PIXEL_FORMAT_ARGB_8888 = 14,
    HI_PIXEL_FORMAT_ABGR_8888 = 15,
    HI_PIXEL_FORMAT_RGBA_8888 = 16,
    HI_PIXEL_FORMAT_BGRA_8888 = 17,
    HI_PIXEL_FORMAT_YUV_SEMI_PLANNER_420_10BIT = 18,
    HI_PIXEL_FORMAT_YVU_SEMI_PLANNER_420_10BIT = 19,
    HI_PIXEL_FORMAT_YVU_PLANAR_420 = 20,
    HI_PIXEL_FORMAT_YVU_PLANAR_422 = 21,
    HI_PIXEL_FORMAT_YVU_PLANAR_444 = 22,
    HI_PIXEL_FORMAT_RGB_444 = 23,
    HI_PIXEL_FORMAT_BGR_444 = 24,
    HI_PIXEL_FORMAT_ARGB_4444 = 25,
    HI_PIXEL_FORMAT_ABGR_4444 = 26,
    HI_PIXEL_FORMAT_RGBA_4444 = 27,
    HI_PIXEL_FORMAT_BGRA_4444 = 28,
    HI_PIXEL_FORMAT_RGB_555 = 29,
    HI_PIXEL_FORMAT_BGR_555 = 30,
    HI_PIXEL_FORMAT_RGB_565 = 31,
    HI_PIXEL_FORMAT_BGR_565 = 32,
    HI_PIXEL_FORMAT_ARGB_1555 = 33,
    HI_PIXEL_FORMAT_ABGR_1555 = 34,
    HI_PIXEL_FORMAT_RGBA_1555 = 35,
    HI_PIXEL_FORMAT_BGRA_1555 = 36,
    HI_PIXEL_FORMAT_ARGB_8565 = 37,
    HI_PIXEL_FORMAT_ABGR_8565 = 38,
    HI_PIXEL_FORMAT_RGBA_8565 = 39,
    HI_PIXEL_FORMAT_BGRA_8565 = 40,
    HI_PIXEL_FORMAT_ARGB_CLUT2 = 41,
    HI_PIXEL_FORMAT_ARGB_CLUT4 = 42,
    HI_PIXEL_FORMAT_RGB_BAYER_8BPP = 50,
    HI_PIXEL_FORMAT_RGB_BAYER_10BPP = 51,
    HI_PIXEL_FORMAT_RGB_BAYER_12BPP = 52,
    HI_PIXEL_FORMAT_RGB_BAYER_14BPP = 53,
    HI_PIXEL_FORMAT_RGB_BAYER_16BPP = 54,
    HI_PIXEL_FORMAT_YUV_PLANAR_420 = 55,
    HI_PIXEL_FORMAT_YUV_PLANAR_422 = 56,
    HI_PIXEL_FORMAT_YUV_PLANAR_444 = 57,
    HI_PIXEL_FORMAT_YVU_PACKED_444 = 58,
    HI_PIXEL_FORMAT_XYUV_PACKED_444 = 59,
    HI_PIXEL_FORMAT_XYVU_PACKED_444 = 60,
    HI_PIXEL_FORMAT_YUV_SEMIPLANAR_411 = 61,
    HI_PIXEL_FORMAT_YVU_SEMIPLANAR_411 = 62,
    HI_PIXEL_FORMAT_YUV_PLANAR_411 = 63,
    HI_PIXEL_FORMAT_YVU_PLANAR_411 = 64,
    HI_PIXEL_FORMAT_YUV_PLANAR_440 = 65,
    HI_PIXEL_FORMAT_YVU_PLANAR_440 = 66,
    HI_PIXEL_FORMAT_RGB_888_PLANAR = 69,
    HI_PIXEL_FORMAT_BGR_888_PLANAR = 70,
    HI_PIXEL_FORMAT_YUV_SEMIPLANAR_440 = 1000,
    HI_PIXEL_FORMAT_YVU_SEMIPLANAR_440 = 1001,
    HI_PIXEL_FORMAT_FLOAT32 = 1002,
    HI_PIXEL_FORMAT_BUTT = 1003,
    HI_PIXEL_FORMAT_UNKNOWN = 10000
} hi_pixel_format;

typedef enum {
    HI_VIDEO_FORMAT_LINEAR = 0,  /* rows one after another: the only layout JPEGE reads */
    HI_VIDEO_FORMAT_TILE_64x16,
    HI_VIDEO_FORMAT_BUTT
} hi_video_format;

typedef enum {
    HI_COMPRESS_MODE_NONE = 0,  /* the only mode JPEGE reads */
    HI_COMPRESS_MODE_SEG,
    HI_COMPRESS_MODE_TILE,
    HI_COMPRESS_MODE_HFBC,
    HI_COMPRESS_MODE_BUTT
} hi_compress_mode;

typedef enum {
    HI_COLOR_GAMUT_BT601 = 0,
    HI_COLOR_GAMUT_BT709,
    HI_COLOR_GAMUT_BT2020,
    HI_COLOR_GAMUT_USER,
    HI_COLOR_GAMUT_BUTT
} hi_color_gamut;

typedef enum {
    HI_DYNAMIC_RANGE_SDR8 = 0,
    HI_DYNAMIC_RANGE_SDR10,
    HI_DYNAMIC_RANGE_HDR10,
    HI_DYNAMIC_RANGE_HLG,
    HI_DYNAMIC_RANGE_SLF,
    HI_DYNAMIC_RANGE_XDR,
    HI_DYNAMIC_RANGE_BUTT
} hi_dynamic_range;

typedef enum {
    HI_VIDEO_FIELD_TOP = 0x1,
    HI_VIDEO_FIELD_BOTTOM = 0x2,
    HI_VIDEO_FIELD_INTERLACED = 0x3,
    HI_VIDEO_FIELD_FRAME = 0x4,  /* progressive frame: what JPEGE encodes */
    HI_VIDEO_FIELD_BUTT
} hi_video_field;

typedef struct {
    hi_u64 misc_info_phys_addr;
    hi_u64 jpeg_dcf_phys_addr;
    hi_u64 isp_info_phys_addr;
    hi_u64 low_delay_phys_addr;
    hi_u64 bnr_rnt_phys_addr;
    hi_u64 motion_data_phys_addr;
    hi_u64 frame_dng_phys_addr;
    hi_void* ATTRIBUTE misc_info_virt_addr;
    hi_void* ATTRIBUTE jpeg_dcf_virt_addr;
    hi_void* ATTRIBUTE isp_info_virt_addr;
    hi_void* ATTRIBUTE low_delay_virt_addr;
    hi_void* ATTRIBUTE bnr_mot_virt_addr;
    hi_void* ATTRIBUTE motion_data_virt_addr;
    hi_void* ATTRIBUTE frame_dng_virt_addr;
} hi_video_supplement;

/* A frame in memory. width_stride[i] is the byte distance between rows of plane i
 * (0: plane 0 tightly packed; plane 1/2 derived from plane 0). height_stride[i] is the
 * number of rows reserved for plane i (0: the picture height, subsampled for chroma).
 * virt_addr[i] == NULL for i > 0 means "right after the previous plane", as the SDK's
 * samples lay frames out (plane i-1 + width_stride * height_stride). */
typedef struct {
    hi_u32 width;
    hi_u32 height;
    hi_video_field field;
    hi_pixel_format pixel_format;
    hi_video_format video_format;
    hi_compress_mode compress_mode;
    hi_dynamic_range dynamic_range;
    hi_color_gamut color_gamut;

    hi_u32 header_stride[HI_MAX_COLOR_COMPONENT];
    hi_u32 width_stride[HI_MAX_COLOR_COMPONENT];
    hi_u32 height_stride[HI_MAX_COLOR_COMPONENT];

    hi_u64 header_phys_addr[HI_MAX_COLOR_COMPONENT];
    hi_u64 phys_addr[HI_MAX_COLOR_COMPONENT];
    hi_void* header_virt_addr[HI_MAX_COLOR_COMPONENT];
    hi_void* virt_addr[HI_MAX_COLOR_COMPONENT];

    hi_u32 time_ref;
    hi_u64 pts;

    hi_u64 user_data[HI_MAX_USER_DATA_NUM];
    hi_u32 frame_flag;
    hi_video_supplement supplement;
} hi_video_frame;

typedef struct {
    hi_video_frame v_frame;
    hi_u32 pool_id;
    hi_mod_id mod_id;
} hi_video_frame_info;

typedef struct {
    hi_u32 width;
    hi_u32 height;
} hi_video_size;

typedef struct {
    hi_s32 x;
    hi_s32 y;
    hi_u32 width;
    hi_u32 height;
} hi_rect;

/* A picture stream: for send_jpege_frame, the caller's output buffer (addr, len). */
typedef struct {
    hi_payload_type type;
    hi_u8* ATTRIBUTE addr;
    hi_u32 len;
    hi_u64 pts;
    hi_s32 reserved[2];
} hi_img_stream;

/* Device memory: aligned (128 bytes) and tracked. dev_id must be 0. */
hi_s32 hi_mpi_dvpp_malloc(hi_u32 dev_id, hi_void** dev_ptr, hi_u64 size);
/* Freeing NULL, an unknown pointer or a pointer twice returns an error code. */
hi_s32 hi_mpi_dvpp_free(hi_void* dev_ptr);
hi_s32 hi_mpi_dvpp_get_version(hi_s32* major_version, hi_s32* minor_version,
                               hi_s32* patch_version);

#ifdef __cplusplus
}
#endif

#endif /* HI_DVPP_COMMON_H_ */
