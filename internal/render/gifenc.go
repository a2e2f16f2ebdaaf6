package render

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/gif"
)

// GIF blocks, from the GIF89a specification.
const (
	gifTrailer   = 0x3b
	gifExtension = 0x21
	gifControl   = 0xf9
)

// frameCoder encodes one frame at a time with image/gif as a GIF of its
// own, so frames are encoded on every core; the frames' blocks are then
// spliced into one GIF in order (gifStream).
type frameCoder struct {
	buf bytes.Buffer
	g   gif.GIF
}

func newFrameCoder(w, h, delay int) *frameCoder {
	c := &frameCoder{}
	c.g = gif.GIF{
		Image:    make([]*image.Paletted, 1),
		Delay:    []int{delay},
		Disposal: []byte{gif.DisposalNone}, // a delta draws over the frame before
		Config:   image.Config{ColorModel: palette, Width: w, Height: h},
	}
	return c
}

// encode returns m's graphic control extension, image descriptor and
// image data (a fresh slice), and the header they were encoded under:
// signature, screen descriptor and global colour table (shared with c).
func (c *frameCoder) encode(m *image.Paletted) (head, body []byte, err error) {
	c.buf.Reset()
	c.g.Image[0] = m
	if err := gif.EncodeAll(&c.buf, &c.g); err != nil {
		return nil, nil, fmt.Errorf("encoding a frame: %v", err)
	}
	b := c.buf.Bytes()
	n := headerLen(b)
	// A one-frame GIF has no loop extension: the frame's blocks follow
	// the header at once, starting with its control extension.
	if n < 0 || len(b) < n+3 || b[n] != gifExtension || b[n+1] != gifControl || b[len(b)-1] != gifTrailer {
		return nil, nil, errors.New("encoding a frame: image/gif wrote an unexpected layout")
	}
	return b[:n], bytes.Clone(b[n : len(b)-1]), nil
}

// headerLen is the length of the signature, logical screen descriptor
// and global colour table at the start of b, or -1.
func headerLen(b []byte) int {
	if len(b) < 13 || string(b[:6]) != "GIF89a" {
		return -1
	}
	n := 13
	if flags := b[10]; flags&0x80 != 0 {
		n += 3 << (flags&7 + 1)
	}
	return n
}

// gifStream writes a GIF frame by frame.
type gifStream struct {
	w       *bufio.Writer
	loop    int // GIF loop count; -1: no loop extension, played once
	started bool
}

func (s *gifStream) frame(head, body []byte) error {
	if !s.started {
		s.started = true
		s.w.Write(head)
		if s.loop >= 0 {
			// The NETSCAPE2.0 application extension: loop count.
			s.w.Write([]byte{gifExtension, 0xff, 0x0b})
			s.w.WriteString("NETSCAPE2.0")
			s.w.Write([]byte{3, 1, byte(s.loop), byte(s.loop >> 8), 0})
		}
	}
	_, err := s.w.Write(body)
	return err
}

func (s *gifStream) close() error {
	s.w.WriteByte(gifTrailer)
	return s.w.Flush()
}
