# Writes lanes_amd64.s, the AVX2 and AVX-512 kernels of the lanes
# integrator, to standard output: go generate in this directory runs
#
#	python3 lanes_gen.py > lanes_amd64.s
#
# and TestLanesAsmGenerated checks that the file is this script's output.
# The offsets below are laneBlock's fields (TestLaneBlockLayout), and each
# kernel has its Go twin in lanes_kernel.go.
K, Y, Y1, SEG, T0, INVH, TS, H, ERR5, ERR3, TOL, GK, EC = 0, 12288, 13056, 20736, 23808, 23936, 24064, 24192, 24448, 24576, 24704, 24720, 24736
T, LO, HI, GROUPS = 24888, 25016, 25144, 25272
SEGB, T0B, INVHB, MID = 25280, 28352, 28480, 28608
CONT, ERRV, FAC11 = 14592, 28736, 28864
HACC, ERRACC, ACC, REJ, HREJ, HNEW, SC = 28992, 29120, 29248, 29376, 29504, 29632, 29760
LV = 768  # bytes of an lvec
CO = 128  # bytes of a component (16 lanes)
GS = 64   # bytes of a group of 8 lanes
out = []
def e(s=""): out.append(s)

def kernels(avx512):
    R = "Z" if avx512 else "Y"
    W = 64 if avx512 else 32     # bytes per vector
    halves = 1 if avx512 else 2
    sfx = "512" if avx512 else "AVX2"
    r = lambda i: f"{R}{i}"
    # ---- combine
    nacc = 6 * halves
    off = lambda j: (j // halves) * CO + (j % halves) * W
    e(f"// func combine{sfx}(dst, y *lvec, hm *lanes, ts []term, groups int64)")
    e(f"TEXT ·combine{sfx}(SB), NOSPLIT, $0-56")
    e("\tMOVQ dst+0(FP), DI\n\tMOVQ y+8(FP), DX\n\tMOVQ hm+16(FP), R8\n\tMOVQ groups+48(FP), R10")
    e("\tXORQ R9, R9 // the group's offset")
    e(f"group{sfx}:")
    e("\tMOVQ ts_base+24(FP), SI\n\tMOVQ ts_len+32(FP), CX")
    e(f"\tVBROADCASTSD 0(SI), {r(12)}\n\tMOVQ 8(SI), AX\n\tADDQ R9, AX")
    for j in range(nacc):
        e(f"\tVMULPD {off(j)}(AX), {r(12)}, {r(j)}")
    e("\tDECQ CX\n\tJZ   scale" + sfx)
    e(f"next{sfx}:\n\tADDQ $16, SI\n\tVBROADCASTSD 0(SI), {r(12)}\n\tMOVQ 8(SI), AX\n\tADDQ R9, AX")
    for j in range(nacc):
        e(f"\tVMULPD {off(j)}(AX), {r(12)}, {r(13)}\n\tVADDPD {r(13)}, {r(j)}, {r(j)}")
    e(f"\tDECQ CX\n\tJNZ  next{sfx}")
    e(f"scale{sfx}:")
    for h in range(halves):
        e(f"\tVMOVUPD {h*W}(R8)(R9*1), {r(12+h)}")
    for j in range(nacc):
        e(f"\tVMULPD {r(12 + j % halves)}, {r(j)}, {r(j)}")
    e(f"\tTESTQ DX, DX\n\tJZ   store{sfx}")
    for j in range(nacc):
        e(f"\tVADDPD {off(j)}(DX)(R9*1), {r(j)}, {r(j)}")
    e(f"store{sfx}:")
    for j in range(nacc):
        e(f"\tVMOVUPD {r(j)}, {off(j)}(DI)(R9*1)")
    e(f"\tADDQ ${GS}, R9\n\tDECQ R10\n\tJNZ  group{sfx}")
    e("\tVZEROUPPER\n\tRET\n")

    # ---- stageTimes
    e(f"// func stageTimes{sfx}(b *laneBlock, c float64) uint32")
    e(f"TEXT ·stageTimes{sfx}(SB), NOSPLIT, $0-20")
    e("\tMOVQ b+0(FP), BX\n\tXORQ DX, DX\n\tXORQ CX, CX // the lanes before the vector")
    e(f"\tMOVQ {GROUPS}(BX), R8")
    if not avx512:
        e("\tSHLQ $1, R8 // two vectors a group")
    e(f"\tVBROADCASTSD c+8(FP), {r(3)}")
    e(f"times{sfx}:")
    e(f"\tVMULPD {H}(BX), {r(3)}, {r(0)}\n\tVADDPD {T}(BX), {r(0)}, {r(0)}\n\tVMOVUPD {r(0)}, {TS}(BX)")
    e(f"\tVMOVUPD {LO}(BX), {r(1)}\n\tVMOVUPD {HI}(BX), {r(2)}")
    if avx512:
        e(f"\tVCMPPD $0x12, {r(0)}, {r(1)}, K1\n\tVCMPPD $0x11, {r(2)}, {r(0)}, K2\n\tKANDW K1, K2, K3\n\tKMOVW K3, AX")
    else:
        e(f"\tVCMPPD $0x12, {r(0)}, {r(1)}, {r(1)}\n\tVCMPPD $0x11, {r(2)}, {r(0)}, {r(2)}\n\tVANDPD {r(1)}, {r(2)}, {r(2)}\n\tVMOVMSKPD {r(2)}, AX")
    e("\tSHLQ CX, AX\n\tORQ AX, DX")
    e(f"\tADDQ ${W//8}, CX\n\tADDQ ${W}, BX\n\tDECQ R8\n\tJNZ  times{sfx}")
    e("\t// the lanes outside their segment: those computed and not inside")
    e("\tMOVQ $1, AX\n\tSHLQ CX, AX\n\tDECQ AX\n\tNOTQ DX\n\tANDQ AX, DX\n\tMOVL DX, ret+16(FP)")
    e("\tVZEROUPPER\n\tRET\n")

    # ---- rhs
    e(f"// func rhs{sfx}(b *laneBlock, y, dy *lvec)")
    e(f"TEXT ·rhs{sfx}(SB), NOSPLIT, $0-24")
    e("\tMOVQ b+0(FP), BX\n\tMOVQ BX, R10 // the block; BX moves to each vector\n\tMOVQ y+8(FP), SI\n\tMOVQ dy+16(FP), DI")
    e(f"\tMOVQ {GROUPS}(BX), CX")
    if not avx512:
        e("\tSHLQ $1, CX // two vectors a group")
    e(f"rhshalf{sfx}:")
    e("\t// segment B where ts is not below mid, else A")
    e(f"\tVMOVUPD {TS}(BX), {r(0)}")
    if avx512:
        e(f"\tVCMPPD $0x15, {MID}(BX), {r(0)}, K2")
        def ld(A, B, reg):
            e(f"\tVMOVUPD {A}(BX), {reg}\n\tVMOVUPD {B}(BX), K2, {reg}")
    else:
        e(f"\tVCMPPD $0x15, {MID}(BX), {r(0)}, {r(15)}")
        def ld(A, B, reg):
            e(f"\tVMOVUPD {A}(BX), {reg}\n\tVBLENDVPD {r(15)}, {B}(BX), {reg}, {reg}")
    e(f"\t// th = (ts - t0)·invh, th², th⁴")
    ld(T0, T0B, r(12))
    e(f"\tVSUBPD {r(12)}, {r(0)}, {r(0)}")
    ld(INVH, INVHB, r(12))
    e(f"\tVMULPD {r(12)}, {r(0)}, {r(0)}")
    e(f"\tVMULPD {r(0)}, {r(0)}, {r(1)}\n\tVMULPD {r(1)}, {r(1)}, {r(2)}")
    for c in range(3):
        a = lambda j, reg: ld(SEG + (j*3 + c)*CO, SEGB + (j*3 + c)*CO, reg)
        e(f"\t// nucleus component {c}: ((a0 + th·a1) + th²·(a2 + th·a3)) + th⁴·((a4 + th·a5) + th²·(a6 + th·a7))")
        a(1, r(12)); e(f"\tVMULPD {r(12)}, {r(0)}, {r(3)}")
        a(0, r(13)); e(f"\tVADDPD {r(13)}, {r(3)}, {r(3)}")
        a(3, r(14)); e(f"\tVMULPD {r(14)}, {r(0)}, {r(4)}")
        a(2, r(9)); e(f"\tVADDPD {r(9)}, {r(4)}, {r(4)}")
        e(f"\tVMULPD {r(4)}, {r(1)}, {r(4)}\n\tVADDPD {r(4)}, {r(3)}, {r(3)}")
        a(5, r(10)); e(f"\tVMULPD {r(10)}, {r(0)}, {r(4)}")
        a(4, r(11)); e(f"\tVADDPD {r(11)}, {r(4)}, {r(4)}")
        a(7, r(12)); e(f"\tVMULPD {r(12)}, {r(0)}, {r(5)}")
        a(6, r(13)); e(f"\tVADDPD {r(13)}, {r(5)}, {r(5)}")
        e(f"\tVMULPD {r(5)}, {r(1)}, {r(5)}\n\tVADDPD {r(5)}, {r(4)}, {r(4)}")
        e(f"\tVMULPD {r(4)}, {r(2)}, {r(4)}\n\tVADDPD {r(4)}, {r(3)}, {r(6+c)}")
    for c in range(3):
        e(f"\tVMOVUPD {c*CO}(SI), {r(9+c)}")
    def pull(gkoff, x, y, z, ox, oy, oz):
        # r2 = (x·x + y·y) + z·z; s = gk/r2; zero unless s <= MaxFloat64
        e(f"\tVMULPD {x}, {x}, {r(0)}\n\tVMULPD {y}, {y}, {r(1)}\n\tVADDPD {r(1)}, {r(0)}, {r(0)}")
        e(f"\tVMULPD {z}, {z}, {r(1)}\n\tVADDPD {r(1)}, {r(0)}, {r(0)}")
        e(f"\tVBROADCASTSD {gkoff}(R10), {r(2)}\n\tVDIVPD {r(0)}, {r(2)}, {r(2)}")
        e(f"\tVBROADCASTSD lanesconst<>+8(SB), {r(1)}")
        if avx512:
            e(f"\tVCMPPD $0x12, {r(1)}, {r(2)}, K1")
        else:
            e(f"\tVCMPPD $0x12, {r(1)}, {r(2)}, {r(3)}")
        e(f"\tVBROADCASTSD lanesconst<>+0(SB), {r(1)}\n\tVXORPD {r(1)}, {r(2)}, {r(2)}")
        for src, dst in ((x, ox), (y, oy), (z, oz)):
            if avx512:
                e(f"\tVMULPD.Z {src}, {r(2)}, K1, {dst}")
            else:
                e(f"\tVMULPD {src}, {r(2)}, {dst}\n\tVANDPD {r(3)}, {dst}, {dst}")
    e("\t// the host's pull on (x, y, z)")
    pull(GK, r(9), r(10), r(11), r(12), r(13), r(14))
    e("\t// the nucleus's pull on (x, y, z) - n")
    for c in range(3):
        e(f"\tVSUBPD {r(6+c)}, {r(9+c)}, {r(6+c)}")
    pull(GK + 8, r(6), r(7), r(8), r(6), r(7), r(8))
    for c in range(3):
        e(f"\tVADDPD {r(6+c)}, {r(12+c)}, {r(12+c)}\n\tVMOVUPD {r(12+c)}, {(3+c)*CO}(DI)")
        e(f"\tVMOVUPD {(3+c)*CO}(SI), {r(3)}\n\tVMOVUPD {r(3)}, {c*CO}(DI)")
    e(f"\tADDQ ${W}, BX\n\tADDQ ${W}, SI\n\tADDQ ${W}, DI\n\tDECQ CX\n\tJNZ  rhshalf{sfx}")
    e("\tVZEROUPPER\n\tRET\n")

    # ---- errSums
    e(f"// func errSums{sfx}(b *laneBlock)")
    e(f"TEXT ·errSums{sfx}(SB), NOSPLIT, $0-8")
    e("\tMOVQ b+0(FP), BX\n\tMOVQ BX, R10 // the block; BX moves to each vector")
    e(f"\tMOVQ {GROUPS}(BX), CX")
    if not avx512:
        e("\tSHLQ $1, CX // two vectors a group")
    e(f"errhalf{sfx}:")
    e(f"\tVXORPD {r(14)}, {r(14)}, {r(14)}\n\tVXORPD {r(15)}, {r(15)}, {r(15)}")
    kk = lambda n, j: f"{K + (n-1)*LV + j*CO}(BX)"
    ec = lambda i: f"{EC + 8*i}(R10)"
    for i in (0, 3):
        for dst, base in ((0, Y), (1, Y1)):
            v = lambda j: f"{base + (i+j)*CO}(BX)"
            e(f"\tVMOVUPD {v(0)}, {r(4)}\n\tVMULPD {r(4)}, {r(4)}, {r(dst)}")
            e(f"\tVMOVUPD {v(1)}, {r(4)}\n\tVMULPD {r(4)}, {r(4)}, {r(4)}\n\tVADDPD {r(4)}, {r(dst)}, {r(dst)}")
            e(f"\tVMOVUPD {v(2)}, {r(4)}\n\tVMULPD {r(4)}, {r(4)}, {r(4)}\n\tVADDPD {r(4)}, {r(dst)}, {r(dst)}")
            e(f"\tVSQRTPD {r(dst)}, {r(dst)}")
        e("\t// max of the two lengths, NaN if either is (Go's max)")
        e(f"\tVMAXPD {r(1)}, {r(0)}, {r(2)}\n\tVADDPD {r(1)}, {r(0)}, {r(4)}")
        if avx512:
            e(f"\tVCMPPD $3, {r(1)}, {r(0)}, K1\n\tVMOVAPD {r(4)}, K1, {r(2)}")
        else:
            e(f"\tVCMPPD $3, {r(1)}, {r(0)}, {r(3)}\n\tVBLENDVPD {r(3)}, {r(4)}, {r(2)}, {r(2)}")
        e(f"\tVBROADCASTSD {TOL}(R10), {r(5)}\n\tVMULPD {r(5)}, {r(2)}, {r(2)}")
        e(f"\tVBROADCASTSD {TOL+8}(R10), {r(5)}\n\tVADDPD {r(5)}, {r(2)}, {r(2)}")
        for j in range(i, i+3):
            e(f"\t// component {j}: inc, e3 = inc - bhh·k, e5")
            stg = [1, 6, 7, 8, 9, 10, 11, 12]
            e(f"\tVBROADCASTSD {ec(0)}, {r(5)}\n\tVMULPD {kk(1, j)}, {r(5)}, {r(3)}")
            for q in range(1, 8):
                e(f"\tVBROADCASTSD {ec(q)}, {r(5)}\n\tVMULPD {kk(stg[q], j)}, {r(5)}, {r(5)}\n\tVADDPD {r(5)}, {r(3)}, {r(3)}")
            for q, n in enumerate((1, 9, 12)):
                src = r(3) if q == 0 else r(4)
                e(f"\tVBROADCASTSD {ec(8+q)}, {r(5)}\n\tVMULPD {kk(n, j)}, {r(5)}, {r(5)}\n\tVSUBPD {r(5)}, {src}, {r(4)}")
            e(f"\tVBROADCASTSD {ec(11)}, {r(5)}\n\tVMULPD {kk(1, j)}, {r(5)}, {r(6)}")
            for q in range(1, 8):
                e(f"\tVBROADCASTSD {ec(11+q)}, {r(5)}\n\tVMULPD {kk(stg[q], j)}, {r(5)}, {r(5)}\n\tVADDPD {r(5)}, {r(6)}, {r(6)}")
            e(f"\tVDIVPD {r(2)}, {r(4)}, {r(4)}\n\tVDIVPD {r(2)}, {r(6)}, {r(6)}")
            e(f"\tVMULPD {r(4)}, {r(4)}, {r(4)}\n\tVADDPD {r(4)}, {r(15)}, {r(15)}")
            e(f"\tVMULPD {r(6)}, {r(6)}, {r(6)}\n\tVADDPD {r(6)}, {r(14)}, {r(14)}")
    e(f"\tVMOVUPD {r(14)}, {ERR5}(BX)\n\tVMOVUPD {r(15)}, {ERR3}(BX)")
    e("\t// deno = err5 + 0.01·err3, 1 unless > 0 (NaN stays)")
    e(f"\tVBROADCASTSD lanesconst<>+16(SB), {r(0)}\n\tVMULPD {r(0)}, {r(15)}, {r(0)}\n\tVADDPD {r(0)}, {r(14)}, {r(0)}")
    e(f"\tVXORPD {r(1)}, {r(1)}, {r(1)}\n\tVBROADCASTSD lanesconst<>+32(SB), {r(2)}")
    if avx512:
        e(f"\tVCMPPD $0x02, {r(1)}, {r(0)}, K1\n\tVMOVAPD {r(2)}, K1, {r(0)}")
    else:
        e(f"\tVCMPPD $0x02, {r(1)}, {r(0)}, {r(1)}\n\tVBLENDVPD {r(1)}, {r(2)}, {r(0)}, {r(0)}")
    e("\t// err = (|h|·err5)·√(1/(6·deno)), +Inf if NaN")
    e(f"\tVBROADCASTSD lanesconst<>+24(SB), {r(1)}\n\tVMULPD {r(1)}, {r(0)}, {r(0)}\n\tVDIVPD {r(0)}, {r(2)}, {r(0)}\n\tVSQRTPD {r(0)}, {r(0)}")
    e(f"\tVBROADCASTSD lanesconst<>+48(SB), {r(1)}\n\tVANDPD {H}(BX), {r(1)}, {r(1)}\n\tVMULPD {r(14)}, {r(1)}, {r(1)}\n\tVMULPD {r(0)}, {r(1)}, {r(1)}")
    e(f"\tVBROADCASTSD lanesconst<>+40(SB), {r(2)}")
    if avx512:
        e(f"\tVCMPPD $3, {r(1)}, {r(1)}, K1\n\tVMOVAPD {r(2)}, K1, {r(1)}")
    else:
        e(f"\tVCMPPD $3, {r(1)}, {r(1)}, {r(3)}\n\tVBLENDVPD {r(3)}, {r(2)}, {r(1)}, {r(1)}")
    e(f"\tVMOVUPD {r(1)}, {ERRV}(BX)")
    e("\t// fac11 = √√√err")
    e(f"\tVSQRTPD {r(1)}, {r(1)}\n\tVSQRTPD {r(1)}, {r(1)}\n\tVSQRTPD {r(1)}, {r(1)}\n\tVMOVUPD {r(1)}, {FAC11}(BX)")
    # Go's min: the smaller, -0 for ±0, NaN if either is (MINPD gives
    # its second operand for NaN or equal: both orders, ORed); max(a, b)
    # is -min(-a, -b).
    def gomin(a, b, dst, t):
        e(f"\tVMINPD {a}, {b}, {t}\n\tVMINPD {b}, {a}, {dst}\n\tVORPD {t}, {dst}, {dst}")
    def gomax(a, b, dst, t1, t2):
        e(f"\tVXORPD {r(5)}, {a}, {t1}\n\tVXORPD {r(5)}, {b}, {t2}")
        gomin(t1, t2, t1, dst)
        e(f"\tVXORPD {r(5)}, {t1}, {dst}")
    def sel(flag, src, dst, t):
        # dst = src where the lane's flag (1 or 0) is not 0
        e(f"\tVXORPD {t}, {t}, {t}")
        if avx512:
            e(f"\tVCMPPD $4, {t}, {flag}, K1\n\tVMOVAPD {src}, K1, {dst}")
        else:
            e(f"\tVCMPPD $4, {t}, {flag}, {t}\n\tVBLENDVPD {t}, {src}, {dst}, {dst}")
    e("\t// the step sizes after a rejection (hrej) and an acceptance (hnew), as dop853.run")
    e(f"\tVBROADCASTSD {SC}(R10), {r(2)} // safe\n\tVBROADCASTSD {SC+8}(R10), {r(3)} // facc1\n\tVBROADCASTSD {SC+16}(R10), {r(4)} // facc2")
    e(f"\tVBROADCASTSD lanesconst<>+0(SB), {r(5)}")
    e(f"\tVDIVPD {r(2)}, {r(1)}, {r(6)}")
    gomin(r(3), r(6), r(7), r(0))
    e(f"\tVMOVUPD {H}(BX), {r(8)}\n\tVDIVPD {r(7)}, {r(8)}, {r(9)}\n\tVMOVUPD {r(9)}, {HREJ}(BX)")
    gomax(r(4), r(7), r(10), r(0), r(1))
    e("\t// facgus = (hacc/h)·√√√(err·err/erracc)/safe, within [facc2, facc1]")
    e(f"\tVMOVUPD {ERRV}(BX), {r(11)}\n\tVMULPD {r(11)}, {r(11)}, {r(11)}\n\tVDIVPD {ERRACC}(BX), {r(11)}, {r(11)}")
    e(f"\tVSQRTPD {r(11)}, {r(11)}\n\tVSQRTPD {r(11)}, {r(11)}\n\tVSQRTPD {r(11)}, {r(11)}")
    e(f"\tVMOVUPD {HACC}(BX), {r(12)}\n\tVDIVPD {r(8)}, {r(12)}, {r(12)}\n\tVMULPD {r(11)}, {r(12)}, {r(12)}\n\tVDIVPD {r(2)}, {r(12)}, {r(12)}")
    gomin(r(3), r(12), r(12), r(0))
    gomax(r(4), r(12), r(12), r(0), r(1))
    gomax(r(10), r(12), r(12), r(0), r(1))
    e(f"\tVMOVUPD {ACC}(BX), {r(13)}")
    sel(r(13), r(12), r(10), r(0))
    e("\t// hnew = min(h/quot, hmax), and not above h after a rejection")
    e(f"\tVDIVPD {r(10)}, {r(8)}, {r(13)}\n\tVBROADCASTSD {SC+24}(R10), {r(14)} // hmax")
    gomin(r(13), r(14), r(13), r(0))
    gomin(r(13), r(8), r(12), r(0))
    e(f"\tVMOVUPD {REJ}(BX), {r(14)}")
    sel(r(14), r(12), r(13), r(0))
    e(f"\tVMOVUPD {r(13)}, {HNEW}(BX)")
    e(f"\tADDQ ${W}, BX\n\tDECQ CX\n\tJNZ  errhalf{sfx}")
    e("\tVZEROUPPER\n\tRET\n")

    # ---- denseBase
    e(f"// func denseBase{sfx}(b *laneBlock)")
    e(f"TEXT ·denseBase{sfx}(SB), NOSPLIT, $0-8")
    e("\tMOVQ b+0(FP), BX")
    e(f"\tMOVQ {GROUPS}(BX), CX")
    if not avx512:
        e("\tSHLQ $1, CX // two vectors a group")
    e(f"densehalf{sfx}:")
    e(f"\tVMOVUPD {H}(BX), {r(15)}")
    for c in range(6):
        e(f"\t// component {c}: y, dy = y1 - y, bspl = h·k1 - dy, (dy - h·k13) - bspl")
        e(f"\tVMOVUPD {Y + c*CO}(BX), {r(0)}\n\tVMOVUPD {r(0)}, {CONT + c*CO}(BX)")
        e(f"\tVMOVUPD {Y1 + c*CO}(BX), {r(1)}\n\tVSUBPD {r(0)}, {r(1)}, {r(1)}\n\tVMOVUPD {r(1)}, {CONT + LV + c*CO}(BX)")
        e(f"\tVMULPD {K + c*CO}(BX), {r(15)}, {r(2)}\n\tVSUBPD {r(1)}, {r(2)}, {r(2)}\n\tVMOVUPD {r(2)}, {CONT + 2*LV + c*CO}(BX)")
        e(f"\tVMULPD {K + 12*LV + c*CO}(BX), {r(15)}, {r(3)}\n\tVSUBPD {r(3)}, {r(1)}, {r(3)}\n\tVSUBPD {r(2)}, {r(3)}, {r(3)}\n\tVMOVUPD {r(3)}, {CONT + 3*LV + c*CO}(BX)")
    e(f"\tADDQ ${W}, BX\n\tDECQ CX\n\tJNZ  densehalf{sfx}")
    e("\tVZEROUPPER\n\tRET\n")

e("//go:build amd64 && !noasm")
e()
e('#include "textflag.h"')
e()
e("// Kernels of the lanes integrator (lanes_kernel.go has their Go twins,")
e("// which document them). Each does the twin's IEEE operations in the")
e("// twin's order, with no fused multiply-add, so both give the same bits;")
e("// operands are swapped only where the operation commutes. laneBlock")
e("// offsets are checked by TestLaneBlockLayout. They compute the first")
e("// laneBlock.groups groups of 8 lanes: two AVX2 vectors, or one AVX-512")
e("// vector, a group.")
e()
e("DATA lanesconst<>+0(SB)/8, $0x8000000000000000 // sign bit")
e("DATA lanesconst<>+8(SB)/8, $0x7fefffffffffffff // math.MaxFloat64")
e("DATA lanesconst<>+16(SB)/8, $0x3f847ae147ae147b // 0.01")
e("DATA lanesconst<>+24(SB)/8, $0x4018000000000000 // 6")
e("DATA lanesconst<>+32(SB)/8, $0x3ff0000000000000 // 1")
e("DATA lanesconst<>+40(SB)/8, $0x7ff0000000000000 // +Inf")
e("DATA lanesconst<>+48(SB)/8, $0x7fffffffffffffff // all but the sign bit")
e("GLOBL lanesconst<>(SB), RODATA|NOPTR, $56")
e()
kernels(False)
kernels(True)
print("\n".join(out))
