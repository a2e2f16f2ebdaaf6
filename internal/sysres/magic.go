package sysres

import "fmt"

// fsMagic maps statfs(2)'s f_type to the name mountinfo gives the same
// file system (the magic numbers of linux/magic.h and of the file systems
// that define their own).
var fsMagic = map[int64]string{
	0xEF53:     "ext4", // ext2, ext3 and ext4 share it
	0x58465342: "xfs",
	0x9123683E: "btrfs",
	0x01021994: "tmpfs",
	0x858458F6: "ramfs",
	0x794C7630: "overlay",
	0x6969:     "nfs",
	0x0BD00BD0: "lustre",
	0x47504653: "gpfs",
	0x19830326: "beegfs",
	0x2FC12FC1: "zfs",
	0x00C36400: "ceph",
	0xFF534D42: "cifs",
	0xFE534D42: "smb2",
	0x65735546: "fuse",
	0xF2F52010: "f2fs",
	0x73717368: "squashfs",
	0x4D44:     "vfat",
	0x5346544E: "ntfs",
	0x9FA0:     "proc",
}

// magicType names the file system whose statfs f_type is magic, or says
// it is unknown with the number, for a message.
func magicType(magic int64) string {
	if name, ok := fsMagic[magic]; ok {
		return name
	}
	return fmt.Sprintf("unknown (statfs type %#x)", uint64(magic))
}
