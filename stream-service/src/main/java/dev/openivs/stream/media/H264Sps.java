package dev.openivs.stream.media;

/**
 * The picture size coded in an H.264 sequence parameter set (ITU-T H.264 7.3.2.1.1), cropping applied, and the
 * frame rate of its VUI timing information (E.1.1) when the encoder wrote it.
 */
public final class H264Sps {
    private final byte[] rbsp;
    private int bit;
    private double frameRate;

    private H264Sps(byte[] nal) {
        this.rbsp = BitReader.unescape(nal, 1); // without the NAL header and emulation-prevention bytes
    }

    /** {width, height}, or null when the SPS cannot be read. */
    public static int[] size(byte[] sps) {
        try {
            return new H264Sps(sps).parse();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Frames per second from the VUI timing info (time_scale / 2 num_units_in_tick), 0 when absent. */
    public static double frameRate(byte[] sps) {
        try {
            H264Sps parsed = new H264Sps(sps);
            parsed.parse();
            parsed.vui();
            return parsed.frameRate;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private void vui() {
        if (bits(1) == 0) { // vui_parameters_present_flag
            return;
        }
        if (bits(1) == 1 && bits(8) == 255) { // aspect_ratio_info_present_flag, aspect_ratio_idc Extended_SAR
            bits(16);
            bits(16);
        }
        if (bits(1) == 1) { // overscan_info_present_flag
            bits(1);
        }
        if (bits(1) == 1) { // video_signal_type_present_flag
            bits(4);
            if (bits(1) == 1) {
                bits(24);
            }
        }
        if (bits(1) == 1) { // chroma_loc_info_present_flag
            ue();
            ue();
        }
        if (bits(1) == 1) { // timing_info_present_flag
            long units = ((long) bits(16) << 16) | bits(16);
            long scale = ((long) bits(16) << 16) | bits(16);
            if (units > 0) {
                frameRate = scale / (2.0 * units);
            }
        }
    }

    private int[] parse() {
        int profile = bits(8);
        bits(16); // constraint flags, level
        ue(); // seq_parameter_set_id
        int chromaFormat = 1;
        if (profile == 100 || profile == 110 || profile == 122 || profile == 244 || profile == 44 || profile == 83
                || profile == 86 || profile == 118 || profile == 128 || profile == 138 || profile == 139
                || profile == 134 || profile == 135) {
            chromaFormat = ue();
            if (chromaFormat == 3) {
                bits(1);
            }
            ue();
            ue();
            bits(1);
            if (bits(1) == 1) { // seq_scaling_matrix_present_flag
                for (int i = 0; i < (chromaFormat != 3 ? 8 : 12); i++) {
                    if (bits(1) == 1) {
                        skipScalingList(i < 6 ? 16 : 64);
                    }
                }
            }
        }
        ue(); // log2_max_frame_num_minus4
        int pocType = ue();
        if (pocType == 0) {
            ue();
        } else if (pocType == 1) {
            bits(1);
            se();
            se();
            int n = ue();
            for (int i = 0; i < n; i++) {
                se();
            }
        }
        ue(); // max_num_ref_frames
        bits(1);
        int widthMbs = ue() + 1;
        int heightMapUnits = ue() + 1;
        int frameMbsOnly = bits(1);
        if (frameMbsOnly == 0) {
            bits(1);
        }
        bits(1); // direct_8x8_inference_flag
        int width = widthMbs * 16;
        int height = (2 - frameMbsOnly) * heightMapUnits * 16;
        if (bits(1) == 1) { // frame_cropping_flag
            int left = ue();
            int right = ue();
            int top = ue();
            int bottom = ue();
            int cropX = chromaFormat == 0 || chromaFormat == 3 ? 1 : 2;
            int cropY = (chromaFormat == 1 ? 2 : 1) * (2 - frameMbsOnly);
            width -= (left + right) * cropX;
            height -= (top + bottom) * cropY;
        }
        return new int[] {width, height};
    }

    private void skipScalingList(int size) {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size; j++) {
            if (next != 0) {
                next = (last + se() + 256) % 256;
            }
            last = next == 0 ? last : next;
        }
    }

    private int bits(int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            int b = (rbsp[bit >>> 3] >>> (7 - (bit & 7))) & 1;
            bit++;
            v = (v << 1) | b;
        }
        return v;
    }

    private int ue() {
        int zeros = 0;
        while (bits(1) == 0) {
            zeros++;
            if (zeros > 31) {
                throw new IllegalStateException("bad exp-Golomb code");
            }
        }
        return (int) ((1L << zeros) - 1 + (zeros == 0 ? 0 : bits(zeros)));
    }

    private int se() {
        int k = ue();
        return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
    }
}
