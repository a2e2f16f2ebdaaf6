package galaxyfile

// Samples returns which of steps output times a file written every
// every-th sample holds, in order: 0, every, 2·every, ... and always the
// last, steps-1, so that a file covers the whole run whatever every is.
// every 1 is every sample; every >= steps-1 keeps the two ends alone. The
// samples are evenly spaced except the last interval, which may be
// shorter: the time dataset says when each was taken. It panics unless
// steps >= 2 and every >= 1, which the settings guarantee
// (galaxy.Config.Validate).
func Samples(steps, every int) []int {
	if steps < 2 || every < 1 {
		panic("galaxyfile: Samples needs steps >= 2 and every >= 1")
	}
	s := make([]int, 0, (steps-1+every-1)/every+1)
	for j := 0; j < steps-1; j += every {
		s = append(s, j)
	}
	return append(s, steps-1)
}

// Kept is how many samples Samples(steps, every) keeps: the file's T.
func Kept(steps, every int) int {
	return (steps-2)/every + 2
}
