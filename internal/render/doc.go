// Package render turns a galaxy file (internal/galaxyfile: pos_pt
// (N, T, 3) and pos_nuc (1, T, 3), metres) into an animated GIF: the work
// of cmd/animate.
//
// The pieces, in the order a frame goes through them:
//
//	source.go      opens the file through galaxyfile without MPI, which
//	               checks names, types and shapes; checks a frame's size
//	               before allocating; reads slabs of frames
//	               (pos_pt[:, t0:t1:stride, :]) with strided selections
//	plan.go        which time samples become frames
//	layout.go      where the plot sits in the picture and how a point in
//	               metres projects to a pixel (xy, xz, yz or an
//	               orthographic 3-D view in matplotlib's elev/azim convention)
//	background.go  axes, ticks and labels drawn once (basicfont text,
//	               x/image/vector lines), quantised to the fixed palette
//	               (palette.go: eight colours, one transparent)
//	frame.go       a frame: the background copied, dots stamped straight
//	               into the paletted image, the time stamp
//	delta.go       the change from the previous frame: the rectangle of
//	               changed pixels, unchanged rows transparent
//	gifenc.go      each frame encoded on its own by image/gif, spliced
//	               into one GIF in order
//	pipeline.go    the pipeline: one reader (read.go), a worker per core
//	               drawing and encoding batches of frames (work.go), one
//	               writer putting them in frame order (write.go)
//	animate.go     Animate: the outputs claimed, the pipeline run, the
//	               outputs committed
//
// Memory is bounded by a slab budget and a fixed number of batches in
// flight, not by the file: a file of any length streams through. A file
// declaring more particles than one frame may hold (maxFrameBytes) is
// refused before anything is allocated.
package render
