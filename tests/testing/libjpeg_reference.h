// libjpeg-turbo's libjpeg API (jpeglib.h) as an independent reference encoder for the
// options TurboJPEG cannot set: chroma quality, custom quantisation tables, JFIF density,
// EXIF, ICC profiles (jpeg_write_icc_profile), APPn and COM markers. RGB or gray input,
// accurate integer DCT, the markers written right after jpeg_start_compress in the order
// framekit writes them (APP1 EXIF, APP2 ICC, app_segments, COM).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

// jpeglib.h needs FILE and size_t declared first.
#include <jpeglib.h>

#include "framekit/jpeg/params.h"
#include "framekit/pixel/image_view.h"

namespace framekit::jpeg::testing {

struct LibjpegOptions {
  Subsampling subsampling = Subsampling::k420;
  int quality = kDefaultQuality;
  int chroma_quality = 0;  // 0: the chroma table from `quality`
  const QuantTables* quant = nullptr;
  bool optimize = false;
  Density density;
  std::vector<uint8_t> exif;  // written as given (with its "Exif\0\0" header)
  std::vector<uint8_t> icc;
  std::vector<AppSegment> app_segments;
  std::string comment;
};

[[noreturn]] inline void libjpeg_abort(j_common_ptr cinfo) {
  char message[JMSG_LENGTH_MAX];
  (*cinfo->err->format_message)(cinfo, message);
  // libjpeg cannot be unwound through; a reference that fails ends the test binary.
  std::fprintf(stderr, "libjpeg reference failed: %s\n", message);
  std::abort();
}

// Encodes a packed RGB24 (3 channels) or GRAY8 (1 channel) view.
inline std::vector<uint8_t> libjpeg_encode(const ImageView& src, const LibjpegOptions& o) {
  jpeg_compress_struct cinfo;
  jpeg_error_mgr err;
  cinfo.err = jpeg_std_error(&err);
  err.error_exit = libjpeg_abort;
  jpeg_create_compress(&cinfo);
  unsigned char* buf = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&cinfo, &buf, &size);
  const bool gray_input = src.format() == PF_GRAY8;
  cinfo.image_width = static_cast<JDIMENSION>(src.width);
  cinfo.image_height = static_cast<JDIMENSION>(src.height);
  cinfo.input_components = gray_input ? 1 : 3;
  cinfo.in_color_space = gray_input ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults(&cinfo);
  if (o.subsampling == Subsampling::kGray) {
    jpeg_set_colorspace(&cinfo, JCS_GRAYSCALE);
  } else {
    const bool h2 = o.subsampling == Subsampling::k420 || o.subsampling == Subsampling::k422;
    const bool v2 = o.subsampling == Subsampling::k420 || o.subsampling == Subsampling::k440;
    cinfo.comp_info[0].h_samp_factor = h2 ? 2 : 1;
    cinfo.comp_info[0].v_samp_factor = v2 ? 2 : 1;
  }
  cinfo.dct_method = JDCT_ISLOW;
  cinfo.optimize_coding = o.optimize ? TRUE : FALSE;
  if (o.quant) {
    const std::array<uint16_t, 64>* tabs[3] = {&o.quant->y, &o.quant->cb, &o.quant->cr};
    const int tables = o.quant->cb == o.quant->cr ? 2 : 3;
    for (int t = 0; t < tables; ++t) {
      unsigned int basic[64];
      for (int i = 0; i < 64; ++i) basic[i] = (*tabs[t])[i];
      jpeg_add_quant_table(&cinfo, t, basic, 100, TRUE);  // scale 100: the table as it is
    }
    if (tables == 3) cinfo.comp_info[2].quant_tbl_no = 2;
  } else {
    // Quality 50 scales by 100%: the Annex K chroma table libjpeg starts from.
    jpeg_set_quality(&cinfo, 50, TRUE);
    unsigned int chroma_base[64];
    for (int i = 0; i < 64; ++i) chroma_base[i] = cinfo.quant_tbl_ptrs[1]->quantval[i];
    jpeg_set_quality(&cinfo, o.quality, TRUE);
    if (o.chroma_quality) {
      jpeg_add_quant_table(&cinfo, 1, chroma_base, jpeg_quality_scaling(o.chroma_quality), TRUE);
    }
  }
  cinfo.density_unit = static_cast<UINT8>(o.density.unit);
  cinfo.X_density = o.density.x;
  cinfo.Y_density = o.density.y;
  jpeg_start_compress(&cinfo, TRUE);  // writes SOI and JFIF
  if (!o.exif.empty()) {
    jpeg_write_marker(&cinfo, JPEG_APP0 + 1, o.exif.data(), static_cast<unsigned>(o.exif.size()));
  }
  if (!o.icc.empty()) {
    jpeg_write_icc_profile(&cinfo, o.icc.data(), static_cast<unsigned>(o.icc.size()));
  }
  for (const AppSegment& s : o.app_segments) {
    jpeg_write_marker(&cinfo, JPEG_APP0 + s.n, s.data.data(), static_cast<unsigned>(s.data.size()));
  }
  if (!o.comment.empty()) {
    jpeg_write_marker(&cinfo, JPEG_COM, reinterpret_cast<const JOCTET*>(o.comment.data()),
                      static_cast<unsigned>(o.comment.size()));
  }
  while (cinfo.next_scanline < cinfo.image_height) {
    JSAMPROW row = const_cast<JSAMPROW>(src.planes[0].row(static_cast<int>(cinfo.next_scanline)));
    jpeg_write_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_compress(&cinfo);
  std::vector<uint8_t> out(buf, buf + size);
  jpeg_destroy_compress(&cinfo);
  std::free(buf);
  return out;
}

// What libjpeg's decoder reads back from a file's header: the ICC profile reassembled
// by jpeg_read_icc_profile, the APP1 payloads and the JFIF density.
struct LibjpegMetadata {
  std::vector<uint8_t> icc;
  std::vector<std::vector<uint8_t>> app1;
  bool jfif = false;
  int density_unit = -1, x_density = 0, y_density = 0;
  int width = 0, height = 0, components = 0;
};

inline LibjpegMetadata libjpeg_read_metadata(const std::vector<uint8_t>& jpg) {
  jpeg_decompress_struct cinfo;
  jpeg_error_mgr err;
  cinfo.err = jpeg_std_error(&err);
  err.error_exit = libjpeg_abort;
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, jpg.data(), static_cast<unsigned long>(jpg.size()));
  jpeg_save_markers(&cinfo, JPEG_APP0 + 1, 0xFFFF);
  jpeg_save_markers(&cinfo, JPEG_APP0 + 2, 0xFFFF);
  jpeg_read_header(&cinfo, TRUE);
  LibjpegMetadata m;
  JOCTET* icc = nullptr;
  unsigned int icc_len = 0;
  if (jpeg_read_icc_profile(&cinfo, &icc, &icc_len)) {
    m.icc.assign(icc, icc + icc_len);
    std::free(icc);
  }
  for (jpeg_saved_marker_ptr mk = cinfo.marker_list; mk; mk = mk->next) {
    if (mk->marker == JPEG_APP0 + 1) m.app1.emplace_back(mk->data, mk->data + mk->data_length);
  }
  m.jfif = cinfo.saw_JFIF_marker;
  m.density_unit = cinfo.density_unit;
  m.x_density = cinfo.X_density;
  m.y_density = cinfo.Y_density;
  m.width = static_cast<int>(cinfo.image_width);
  m.height = static_cast<int>(cinfo.image_height);
  m.components = cinfo.num_components;
  jpeg_destroy_decompress(&cinfo);
  return m;
}

}  // namespace framekit::jpeg::testing
