// shared/include/seam/core/binary.hpp — little-endian, bounds-checked binary encoding for stored
// artefacts (models). A reader never reads past its input: a short or corrupt buffer sets an error
// flag and yields zeros, so parsers check ok() once at the end of a section.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace seam {

class ByteWriter {
  public:
    void U8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
    void U16(std::uint16_t v) { Le(v, 2); }
    void U32(std::uint32_t v) { Le(v, 4); }
    void U64(std::uint64_t v) { Le(v, 8); }
    void I8(std::int8_t v) { U8(static_cast<std::uint8_t>(v)); }
    void F32(float v) {
        std::uint32_t bits = 0;
        std::memcpy(&bits, &v, 4);
        U32(bits);
    }
    //! Length-prefixed (u32) bytes.
    void Str(std::string_view s) {
        U32(static_cast<std::uint32_t>(s.size()));
        out_.append(s);
    }
    void Raw(std::string_view s) { out_.append(s); }
    const std::string& bytes() const { return out_; }
    std::string Take() { return std::move(out_); }

  private:
    void Le(std::uint64_t v, int n) {
        for (int i = 0; i < n; ++i)
            out_.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
    }
    std::string out_;
};

class ByteReader {
  public:
    explicit ByteReader(std::string_view in) : in_(in) {}

    std::uint8_t U8() { return static_cast<std::uint8_t>(Le(1)); }
    std::uint16_t U16() { return static_cast<std::uint16_t>(Le(2)); }
    std::uint32_t U32() { return static_cast<std::uint32_t>(Le(4)); }
    std::uint64_t U64() { return Le(8); }
    std::int8_t I8() { return static_cast<std::int8_t>(U8()); }
    float F32() {
        const std::uint32_t bits = U32();
        float v = 0;
        std::memcpy(&v, &bits, 4);
        return v;
    }
    //! Length-prefixed bytes; an impossible length fails the reader.
    std::string_view Str() { return Raw(U32()); }
    std::string_view Raw(std::size_t n) {
        if (!ok_ || n > in_.size() - pos_) {
            ok_ = false;
            return {};
        }
        std::string_view s = in_.substr(pos_, n);
        pos_ += n;
        return s;
    }
    bool ok() const { return ok_; }
    std::size_t remaining() const { return in_.size() - pos_; }
    bool AtEnd() const { return pos_ == in_.size(); }

  private:
    std::uint64_t Le(int n) {
        if (!ok_ || static_cast<std::size_t>(n) > in_.size() - pos_) {
            ok_ = false;
            return 0;
        }
        std::uint64_t v = 0;
        for (int i = 0; i < n; ++i) {
            v |= static_cast<std::uint64_t>(static_cast<std::uint8_t>(in_[pos_ + i])) << (8 * i);
        }
        pos_ += n;
        return v;
    }
    std::string_view in_;
    std::size_t pos_ = 0;
    bool ok_ = true;
};

}  // namespace seam
