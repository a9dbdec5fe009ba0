;; The bootstrap's hot loop for the mean: resamples of per-unit sums, drawn with xoshiro256** and
;; Lemire's method exactly as rng.ts defines them (see the comment there).
;;
;; Built into resample-wasm.ts by `npm run build:wasm` (script/build-wasm.mjs, wabt). resample.ts
;; holds the same computation in TypeScript (`resampleReference`), the specification: the tests
;; require both to give identical results, bit for bit.
;;
;; resample(units, sums, sizes, out, count, state) computes `count` resamples from one stream and
;; leaves the stream where it stopped, so a chunk can be computed in several calls. state: four
;; little-endian i64 words s[0..3] (bytes 0-31), then an i32 flag (32) saying that the i64 at 40
;; holds a high half not yet read. The stream is read as 32-bit words,
;; each 64-bit output giving its low half, then its high half. Resample r draws `units` indices,
;; each the next word x turned into floor(x*units / 2^32) unless Lemire rejects it
;; (x*units mod 2^32 < 2^32 mod units, then the next word is tried), and writes to out + 8r the
;; sum of sums[i] over its indices, added in the order drawn, divided by units, or, when
;; sizes != 0, by the sum of sizes[i] over the same indices (a cluster bootstrap). A high half
;; left over at the end of a resample starts the next one. sums and sizes are f64 arrays.
(module
  (memory (export "memory") 1)

  (func (export "resample")
    (param $units i32) (param $sums i32) (param $sizes i32) (param $out i32)
    (param $count i32) (param $state i32)
    (local $s0 i64) (local $s1 i64) (local $s2 i64) (local $s3 i64)
    (local $x i64) (local $t i64) (local $m i64) (local $n i64)
    (local $reject i32) (local $left i32) (local $r i32) (local $i i32)
    (local $high i64) (local $pending i32)
    (local $acc f64) (local $tot f64)

    (local.set $s0 (i64.load offset=0 (local.get $state)))
    (local.set $s1 (i64.load offset=8 (local.get $state)))
    (local.set $s2 (i64.load offset=16 (local.get $state)))
    (local.set $s3 (i64.load offset=24 (local.get $state)))
    (local.set $pending (i32.load offset=32 (local.get $state)))
    (local.set $high (i64.load offset=40 (local.get $state)))
    (local.set $n (i64.extend_i32_u (local.get $units)))
    (local.set $reject (i32.wrap_i64 (i64.rem_u (i64.const 0x100000000) (local.get $n))))
    (local.set $r (i32.const 0))
    (block $finished
      (loop $resample
        (br_if $finished (i32.ge_u (local.get $r) (local.get $count)))
        (local.set $acc (f64.const 0))
        (local.set $tot (f64.const 0))
        (local.set $left (local.get $units))
        ;; A high half left by the previous resample is this one's first word.
        (if (local.get $pending)
          (then
            (local.set $pending (i32.const 0))
            (local.set $m (i64.mul (local.get $high) (local.get $n)))
            (if (i32.ge_u (i32.wrap_i64 (local.get $m)) (local.get $reject))
              (then
                (local.set $i (i32.shl (i32.wrap_i64 (i64.shr_u (local.get $m) (i64.const 32)))
                  (i32.const 3)))
                (local.set $acc (f64.add (local.get $acc)
                  (f64.load (i32.add (local.get $sums) (local.get $i)))))
                (if (local.get $sizes)
                  (then (local.set $tot (f64.add (local.get $tot)
                    (f64.load (i32.add (local.get $sizes) (local.get $i)))))))
                (local.set $left (i32.sub (local.get $left) (i32.const 1)))))))
        (block $drawn
          (loop $draw
            (br_if $drawn (i32.eqz (local.get $left)))
            ;; xoshiro256**: x = rotl(s1*5, 7)*9, then the state update.
            (local.set $x (i64.mul
              (i64.rotl (i64.mul (local.get $s1) (i64.const 5)) (i64.const 7))
              (i64.const 9)))
            (local.set $t (i64.shl (local.get $s1) (i64.const 17)))
            (local.set $s2 (i64.xor (local.get $s2) (local.get $s0)))
            (local.set $s3 (i64.xor (local.get $s3) (local.get $s1)))
            (local.set $s1 (i64.xor (local.get $s1) (local.get $s2)))
            (local.set $s0 (i64.xor (local.get $s0) (local.get $s3)))
            (local.set $s2 (i64.xor (local.get $s2) (local.get $t)))
            (local.set $s3 (i64.rotl (local.get $s3) (i64.const 45)))
            ;; The low half.
            (local.set $m (i64.mul (i64.and (local.get $x) (i64.const 0xffffffff)) (local.get $n)))
            (if (i32.ge_u (i32.wrap_i64 (local.get $m)) (local.get $reject))
              (then
                (local.set $i (i32.shl (i32.wrap_i64 (i64.shr_u (local.get $m) (i64.const 32)))
                  (i32.const 3)))
                (local.set $acc (f64.add (local.get $acc)
                  (f64.load (i32.add (local.get $sums) (local.get $i)))))
                (if (local.get $sizes)
                  (then (local.set $tot (f64.add (local.get $tot)
                    (f64.load (i32.add (local.get $sizes) (local.get $i)))))))
                (local.set $left (i32.sub (local.get $left) (i32.const 1)))))
            ;; The high half, or, if the resample is complete, kept for the next one.
            (if (i32.eqz (local.get $left))
              (then
                (local.set $high (i64.shr_u (local.get $x) (i64.const 32)))
                (local.set $pending (i32.const 1))
                (br $drawn)))
            (local.set $m (i64.mul (i64.shr_u (local.get $x) (i64.const 32)) (local.get $n)))
            (if (i32.ge_u (i32.wrap_i64 (local.get $m)) (local.get $reject))
              (then
                (local.set $i (i32.shl (i32.wrap_i64 (i64.shr_u (local.get $m) (i64.const 32)))
                  (i32.const 3)))
                (local.set $acc (f64.add (local.get $acc)
                  (f64.load (i32.add (local.get $sums) (local.get $i)))))
                (if (local.get $sizes)
                  (then (local.set $tot (f64.add (local.get $tot)
                    (f64.load (i32.add (local.get $sizes) (local.get $i)))))))
                (local.set $left (i32.sub (local.get $left) (i32.const 1)))))
            (br $draw)))
        (f64.store
          (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 3)))
          (f64.div (local.get $acc)
            (select (local.get $tot) (f64.convert_i32_u (local.get $units)) (local.get $sizes))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $resample)))
    (i64.store offset=0 (local.get $state) (local.get $s0))
    (i64.store offset=8 (local.get $state) (local.get $s1))
    (i64.store offset=16 (local.get $state) (local.get $s2))
    (i64.store offset=24 (local.get $state) (local.get $s3))
    (i32.store offset=32 (local.get $state) (local.get $pending))
    (i64.store offset=40 (local.get $state) (local.get $high))))
