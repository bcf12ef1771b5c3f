#include "framekit/core/buffer.h"

#include "framekit/core/allocator.h"
#include "framekit/core/error.h"

namespace framekit {

std::shared_ptr<Buffer> Buffer::allocate(size_t nbytes, const Device& device, size_t alignment) {
  device.check_available();
  Allocator& alloc = get_allocator(device.type());
  void* p = alloc.allocate(nbytes, alignment, device.index());
  std::shared_ptr<Buffer> b(new Buffer());  // private constructor: no make_shared
  b->data_ = p;
  b->nbytes_ = nbytes;
  b->device_ = device;
  b->owned_ = true;
  return b;
}

std::shared_ptr<Buffer> Buffer::wrap(void* data, size_t nbytes, const Device& device,
                                     Release release) {
  if (data == nullptr && nbytes != 0) {
    if (release) release();  // we were handed ownership: honour it before failing
    FK_THROW(ErrorCode::kInvalidArgument, "Buffer::wrap: null data pointer for ", nbytes,
             " bytes");
  }
  std::shared_ptr<Buffer> b(new Buffer());
  b->data_ = data;
  b->nbytes_ = nbytes;
  b->device_ = device;
  b->owned_ = false;
  b->release_ = std::move(release);
  return b;
}

Buffer::~Buffer() {
  if (owned_) {
    get_allocator(device_.type()).deallocate(data_, device_.index());
  } else if (release_) {
    release_();
  }
}

}  // namespace framekit
