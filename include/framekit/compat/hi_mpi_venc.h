/* framekit's C ABI for the hardware media SDK: the JPEGE part of the video encoder
 * (hi_mpi_venc_*). Names and values are the SDK's; only JPEG channels exist. */
#ifndef HI_MPI_VENC_H_
#define HI_MPI_VENC_H_

#include "hi_dvpp_common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HI_VENC_MAX_PACK_INFO_NUM 8
#define HI_VENC_MAX_MPF_NUM 2
#define HI_VENC_JPEG_QT_COEF_NUM 64
#define HI_VENC_MAX_CHN_NUM 256

#define HI_ERR_VENC_INVALID_CHN_ID 0xA0088002
#define HI_ERR_VENC_ILLEGAL_PARAM 0xA0088003
#define HI_ERR_VENC_EXIST 0xA0088004
#define HI_ERR_VENC_UNEXIST 0xA0088005
#define HI_ERR_VENC_NULL_PTR 0xA0088006
#define HI_ERR_VENC_NOT_CFG 0xA0088007
#define HI_ERR_VENC_NOT_SUPPORT 0xA0088008
#define HI_ERR_VENC_NOT_PERM 0xA0088009
#define HI_ERR_VENC_NO_MEM 0xA008800C
#define HI_ERR_VENC_NO_BUF 0xA008800D
#define HI_ERR_VENC_BUF_EMPTY 0xA008800E
#define HI_ERR_VENC_BUF_FULL 0xA008800F
#define HI_ERR_VENC_SYS_NOT_READY 0xA0088010
#define HI_ERR_VENC_BAD_ADDR 0xA0088011
#define HI_ERR_VENC_BUSY 0xA0088012
#define HI_ERR_VENC_SIZE_NOT_ENOUGH 0xA0088013
#define HI_ERR_VENC_SYS_ERROR 0xA0088015

typedef hi_s32 hi_venc_chn;

typedef enum {
    HI_VENC_H264_NALU_B_SLICE = 0,
    HI_VENC_H264_NALU_P_SLICE = 1,
    HI_VENC_H264_NALU_I_SLICE = 2,
    HI_VENC_H264_NALU_IDR_SLICE = 5,
    HI_VENC_H264_NALU_SEI = 6,
    HI_VENC_H264_NALU_SPS = 7,
    HI_VENC_H264_NALU_PPS = 8,
    HI_VENC_H264_NALU_BUTT
} hi_venc_h264_nalu_type;

typedef enum {
    HI_VENC_JPEG_PACK_ECS = 5,
    HI_VENC_JPEG_PACK_APP = 6,
    HI_VENC_JPEG_PACK_VDO = 7,
    HI_VENC_JPEG_PACK_PIC = 8,  /* a whole picture: what framekit's packs are */
    HI_VENC_JPEG_PACK_DCF = 9,
    HI_VENC_JPEG_PACK_DCF_PIC = 10,
    HI_VENC_JPEG_PACK_BUTT
} hi_venc_jpege_pack_type;

typedef union {
    hi_venc_h264_nalu_type h264_type;
    hi_venc_jpege_pack_type jpeg_type;
} hi_venc_data_type;

typedef struct {
    hi_venc_data_type pack_type;
    hi_u32 pack_offset;
    hi_u32 pack_len;
} hi_venc_pack_info;

/* One encoded picture. input_addr is the input frame's virt_addr[0], so the caller
 * can free the frame when its stream arrives. */
typedef struct {
    union {
        hi_u64 phys_addr;
        hi_u64 input_addr;
    };
    hi_u8* ATTRIBUTE addr;
    hi_u32 ATTRIBUTE len;
    hi_u64 pts;
    hi_bool is_frame_end;
    hi_venc_data_type data_type;
    hi_u32 offset;
    hi_u32 data_num;
    hi_venc_pack_info pack_info[HI_VENC_MAX_PACK_INFO_NUM];
} hi_venc_pack;

typedef struct {
    hi_u32 pic_bytes;
    hi_u32 update_attr_cnt;
    hi_u32 qfactor;
} hi_venc_jpeg_stream_info;

/* pack: caller-allocated array of pack_cnt packs (a JPEG picture needs 1). */
typedef struct {
    hi_venc_pack* ATTRIBUTE pack;
    hi_u32 ATTRIBUTE pack_cnt;
    hi_u32 seq;
    union {
        hi_venc_jpeg_stream_info jpeg_info;
    };
} hi_venc_stream;

typedef enum {
    HI_VENC_BASE_IDR_SLICE = 0,
    HI_VENC_P_SLICE_BUTT = 6
} hi_venc_ref_type;

typedef struct {
    hi_venc_ref_type ref_type;
    hi_u32 pic_bytes;
    hi_u32 pic_cnt;
    hi_u32 start_qp;
    hi_u32 mean_qp;
    hi_bool is_p_skip;
    hi_u32 residual_bits;
    hi_u32 head_bits;
    hi_u32 madi_val;
    hi_u32 madp_val;
    hi_u64 sse_sum;
    hi_u32 sse_lcu_cnt;
    hi_double psnr_val;
} hi_venc_stream_info;

typedef struct {
    hi_u32 left_pics;
    hi_u32 left_stream_bytes;
    hi_u32 left_stream_frames;
    hi_u32 cur_packs;
    hi_u32 left_recv_pics;
    hi_u32 left_enc_pics;
    hi_bool is_jpeg_snap_end;
    hi_u64 release_pic_pts;
    hi_venc_stream_info stream_info;
} hi_venc_chn_status;

typedef struct {
    hi_bool rcn_ref_share_buf_en;
    hi_u32 frame_buf_ratio;
} hi_venc_h264_attr;

typedef struct {
    hi_bool rcn_ref_share_buf_en;
    hi_u32 frame_buf_ratio;
} hi_venc_h265_attr;

typedef struct {
    hi_u8 large_thumbnail_num;
    hi_video_size large_thumbnail_size[HI_VENC_MAX_MPF_NUM];
} hi_venc_mpf_cfg;

typedef enum {
    HI_VENC_PIC_RECV_SINGLE = 0,
    HI_VENC_PIC_RECV_MULTI,
    HI_VENC_PIC_RECV_BUTT
} hi_venc_pic_recv_mode;

typedef struct {
    hi_bool dcf_en;
    hi_venc_mpf_cfg mpf_cfg;
    hi_venc_pic_recv_mode recv_mode;
} hi_venc_jpeg_attr;

typedef struct {
    hi_payload_type type;
    hi_u32 max_pic_width;
    hi_u32 max_pic_height;
    hi_u32 buf_size;  /* stream buffer bytes; 0: caller buffers (send_jpege_frame) */
    hi_u32 profile;
    hi_bool is_by_frame;
    hi_u32 pic_width;
    hi_u32 pic_height;
    union {
        hi_venc_h264_attr h264_attr;
        hi_venc_h265_attr h265_attr;
        hi_venc_jpeg_attr jpeg_attr;
    };
} hi_venc_attr;

typedef enum {
    HI_VENC_RC_MODE_H264_CBR = 1,
    HI_VENC_RC_MODE_MJPEG_CBR = 8,
    HI_VENC_RC_MODE_MJPEG_VBR = 9,
    HI_VENC_RC_MODE_MJPEG_FIXQP = 10,
    HI_VENC_RC_MODE_BUTT = 18,
} hi_venc_rc_mode;

typedef struct {
    hi_u32 src_frame_rate;
    hi_u32 dst_frame_rate;
    hi_u32 qfactor;
} hi_venc_mjpeg_fixqp;

typedef struct {
    hi_u32 stats_time;
    hi_u32 src_frame_rate;
    hi_u32 dst_frame_rate;
    hi_u32 bit_rate;
} hi_venc_mjpeg_cbr;

typedef struct {
    hi_u32 stats_time;
    hi_u32 src_frame_rate;
    hi_u32 dst_frame_rate;
    hi_u32 max_bit_rate;
} hi_venc_mjpeg_vbr;

/* Rate control does not apply to JPEGE channels (ignored). */
typedef struct {
    hi_venc_rc_mode rc_mode;
    union {
        hi_venc_mjpeg_cbr mjpeg_cbr;
        hi_venc_mjpeg_vbr mjpeg_vbr;
        hi_venc_mjpeg_fixqp mjpeg_fixqp;
        hi_u32 reserved[12];
    };
} hi_venc_rc_attr;

typedef enum {
    HI_VENC_GOP_MODE_NORMAL_P = 0,
    HI_VENC_GOP_MODE_DUAL_P = 1,
    HI_VENC_GOP_MODE_SMART_P = 2,
    HI_VENC_GOP_MODE_ADV_SMART_P = 3,
    HI_VENC_GOP_MODE_BIPRED_B = 4,
    HI_VENC_GOP_MODE_LOW_DELAY_B = 5,
    HI_VENC_GOP_MODE_BUTT,
} hi_venc_gop_mode;

typedef struct {
    hi_s32 ip_qp_delta;
} hi_venc_gop_normal_p;

/* GOPs do not apply to JPEGE channels (ignored). */
typedef struct {
    hi_venc_gop_mode gop_mode;
    union {
        hi_venc_gop_normal_p normal_p;
        hi_u32 reserved[3];
    };
} hi_venc_gop_attr;

typedef struct {
    hi_venc_attr venc_attr;
    hi_venc_rc_attr rc_attr;
    hi_venc_gop_attr gop_attr;
} hi_venc_chn_attr;

typedef struct {
    hi_s32 recv_pic_num;  /* -1: until stopped; N > 0: N frames */
} hi_venc_start_param;

/* qfactor 1..100 (default 100), or 0xFFFFFFFF to use y_qt/cb_qt/cr_qt (natural order,
 * entries 1..255). mcu_per_ecs: restart interval in MCUs (0 = none). */
typedef struct {
    hi_u32 qfactor;
    hi_u8 y_qt[HI_VENC_JPEG_QT_COEF_NUM];
    hi_u8 cb_qt[HI_VENC_JPEG_QT_COEF_NUM];
    hi_u8 cr_qt[HI_VENC_JPEG_QT_COEF_NUM];
    hi_u32 mcu_per_ecs;
    hi_bool ecs_output_en;
} hi_venc_jpeg_param;

typedef struct {
    hi_u8 dc_bits[16];
    hi_u8 dc_value[12];
} hi_venc_huffman_dc_table;

typedef struct {
    hi_u8 ac_bits[16];
    hi_u8 ac_value[162];
} hi_venc_huffman_ac_table;

/* Y, Cb, Cr tables; every table must code every baseline symbol, and Cb == Cr. */
typedef struct {
    hi_venc_huffman_dc_table dc_tables[3];
    hi_venc_huffman_ac_table ac_tables[3];
    hi_u32 reserved[2];
} hi_venc_jpeg_huffman_param;

hi_s32 hi_mpi_venc_create_chn(hi_venc_chn chn, const hi_venc_chn_attr* attr);
hi_s32 hi_mpi_venc_destroy_chn(hi_venc_chn chn);
hi_s32 hi_mpi_venc_get_chn_attr(hi_venc_chn chn, hi_venc_chn_attr* attr);
hi_s32 hi_mpi_venc_set_chn_attr(hi_venc_chn chn, const hi_venc_chn_attr* attr);
hi_s32 hi_mpi_venc_start_chn(hi_venc_chn chn, const hi_venc_start_param* recv_param);
hi_s32 hi_mpi_venc_stop_chn(hi_venc_chn chn);
hi_s32 hi_mpi_venc_query_status(hi_venc_chn chn, hi_venc_chn_status* status);
/* milli_sec: -1 blocks, 0 polls, > 0 waits. HI_ERR_VENC_BUF_EMPTY when nothing came.
 * A picture that did not fit its buffer returns HI_ERR_VENC_SIZE_NOT_ENOUGH with
 * pack_cnt 0, pack[0].len = bytes needed and pack[0].input_addr set (no release). */
hi_s32 hi_mpi_venc_get_stream(hi_venc_chn chn, hi_venc_stream* stream, hi_s32 milli_sec);
/* Streams are released in the order they were fetched. */
hi_s32 hi_mpi_venc_release_stream(hi_venc_chn chn, hi_venc_stream* stream);
/* For channels with buf_size > 0. HI_ERR_VENC_BUF_FULL when no room in time. */
hi_s32 hi_mpi_venc_send_frame(hi_venc_chn chn, const hi_video_frame_info* frame, hi_s32 milli_sec);
/* For channels with buf_size == 0: the JPEG goes to jpege_stream->addr (16-byte aligned,
 * jpege_stream->len bytes). Keep input and output memory until the stream is fetched. */
hi_s32 hi_mpi_venc_send_jpege_frame(hi_venc_chn chn, const hi_video_frame_info* frame,
                                    const hi_img_stream* jpege_stream, hi_s32 milli_sec);
hi_s32 hi_mpi_venc_get_jpege_predicted_size(const hi_video_frame_info* frame,
                                            const hi_venc_jpeg_param* jpeg_param, hi_u32* size);
/* A pollable fd (readable while a stream is ready), or a negative error code. */
hi_s32 hi_mpi_venc_get_fd(hi_venc_chn chn);
/* The fd stays valid until the channel is destroyed; this only checks the channel. */
hi_s32 hi_mpi_venc_close_fd(hi_venc_chn chn);
hi_s32 hi_mpi_venc_set_jpeg_param(hi_venc_chn chn, const hi_venc_jpeg_param* jpeg_param);
hi_s32 hi_mpi_venc_get_jpeg_param(hi_venc_chn chn, hi_venc_jpeg_param* jpeg_param);
hi_s32 hi_mpi_venc_set_jpeg_huffman_param(hi_venc_chn chn,
                                          const hi_venc_jpeg_huffman_param* jpeg_huffman_param);
hi_s32 hi_mpi_venc_get_jpeg_huffman_param(hi_venc_chn chn,
                                          hi_venc_jpeg_huffman_param* jpeg_huffman_data);
/* table_type must be 0. */
hi_s32 hi_mpi_venc_compact_jpeg_tables(hi_venc_chn chn, hi_u32 table_type, hi_bool enable);

#ifdef __cplusplus
}
#endif

#endif /* HI_MPI_VENC_H_ */
