package dev.winnow.scorers.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * A GPT-style causal transformer: token and learned position embeddings, pre-norm blocks of causal
 * multi-head self-attention and a 4x GELU MLP, a final norm and a linear head to next-token logits.
 * Input: token ids (batch, time) as int64; output: logits (batch, time, vocab). Written from DJL's basic
 * blocks because DJL ships no causal LM block (its transformer blocks are BERT's, bidirectional).
 */
public final class CausalTransformer extends AbstractBlock {
  private final LmConfig config;
  private final Parameter tokens;
  private final Parameter positions;
  private final List<Layer> layers = new ArrayList<>();
  private final LayerNorm finalNorm;
  private final Linear head;

  private static final class Layer {
    LayerNorm norm1;
    Linear qkv;
    Linear proj;
    LayerNorm norm2;
    Linear up;
    Linear down;
  }

  public CausalTransformer(LmConfig config) {
    super((byte) 1);
    this.config = config;
    tokens = addParameter(Parameter.builder().setName("tokens").setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(config.vocab(), config.width())).build());
    positions = addParameter(Parameter.builder().setName("positions").setType(Parameter.Type.WEIGHT)
        .optShape(new Shape(config.context(), config.width())).build());
    for (int i = 0; i < config.layers(); i++) {
      Layer l = new Layer();
      l.norm1 = addChildBlock("norm1_" + i, LayerNorm.builder().axis(2).build());
      l.qkv = addChildBlock("qkv_" + i, Linear.builder().setUnits(3L * config.width()).build());
      l.proj = addChildBlock("proj_" + i, Linear.builder().setUnits(config.width()).build());
      l.norm2 = addChildBlock("norm2_" + i, LayerNorm.builder().axis(2).build());
      l.up = addChildBlock("up_" + i, Linear.builder().setUnits(4L * config.width()).build());
      l.down = addChildBlock("down_" + i, Linear.builder().setUnits(config.width()).build());
      layers.add(l);
    }
    finalNorm = addChildBlock("norm", LayerNorm.builder().axis(2).build());
    head = addChildBlock("head", Linear.builder().setUnits(config.vocab()).build());
    // GPT-2's initialization: every weight from N(0, 0.02)
    setInitializer(new NormalInitializer(0.02f), Parameter.Type.WEIGHT);
  }

  public LmConfig config() {
    return config;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
      PairList<String, Object> params) {
    NDArray ids = inputs.singletonOrThrow();
    long batch = ids.getShape().get(0);
    long time = ids.getShape().get(1);
    int width = config.width();
    int heads = config.heads();
    long dh = width / heads;
    NDManager m = ids.getManager();
    NDArray tok = ps.getValue(tokens, ids.getDevice(), training);
    NDArray pos = ps.getValue(positions, ids.getDevice(), training);
    // indexed into the batch's manager: an op's result belongs to its first operand's manager, and the
    // parameters' manager lives as long as the model, so every step's activations would stay behind
    NDArray x = tok.get(m, new NDIndex("{}", ids)).add(pos.get(m, new NDIndex("0:" + time)));
    NDArray mask = causalMask(m, (int) time);
    for (Layer l : layers) {
      NDArray h = l.norm1.forward(ps, new NDList(x), training).singletonOrThrow();
      NDList qkv = l.qkv.forward(ps, new NDList(h), training).singletonOrThrow().split(3, 2);
      NDArray q = qkv.get(0).reshape(batch, time, heads, dh).transpose(0, 2, 1, 3);
      NDArray k = qkv.get(1).reshape(batch, time, heads, dh).transpose(0, 2, 1, 3);
      NDArray v = qkv.get(2).reshape(batch, time, heads, dh).transpose(0, 2, 1, 3);
      NDArray att = q.matMul(k.transpose(0, 1, 3, 2)).mul(1.0 / Math.sqrt(dh)).add(mask).softmax(-1);
      NDArray y = att.matMul(v).transpose(0, 2, 1, 3).reshape(batch, time, width);
      x = x.add(l.proj.forward(ps, new NDList(y), training).singletonOrThrow());
      NDArray g = l.norm2.forward(ps, new NDList(x), training).singletonOrThrow();
      NDArray up = Activation.gelu(l.up.forward(ps, new NDList(g), training).singletonOrThrow());
      x = x.add(l.down.forward(ps, new NDList(up), training).singletonOrThrow());
    }
    NDArray out = finalNorm.forward(ps, new NDList(x), training).singletonOrThrow();
    return new NDList(head.forward(ps, new NDList(out), training).singletonOrThrow());
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    return new Shape[] {new Shape(in.get(0), in.get(1), config.vocab())};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape hidden = new Shape(inputShapes[0].get(0), inputShapes[0].get(1), config.width());
    Shape wide = new Shape(inputShapes[0].get(0), inputShapes[0].get(1), 4L * config.width());
    for (Layer l : layers) {
      l.norm1.initialize(manager, dataType, hidden);
      l.qkv.initialize(manager, dataType, hidden);
      l.proj.initialize(manager, dataType, hidden);
      l.norm2.initialize(manager, dataType, hidden);
      l.up.initialize(manager, dataType, hidden);
      l.down.initialize(manager, dataType, wide);
    }
    finalNorm.initialize(manager, dataType, hidden);
    head.initialize(manager, dataType, hidden);
  }

  /** The number of trainable values. */
  public long parameterCount() {
    long n = 0;
    for (var p : getParameters()) {
      n += p.getValue().getArray().size();
    }
    return n;
  }

  /** 0 on and below the diagonal, -1e9 above it: position t attends to positions up to t only. */
  private static NDArray causalMask(NDManager m, int time) {
    float[] mask = new float[time * time];
    for (int i = 0; i < time; i++) {
      for (int j = i + 1; j < time; j++) {
        mask[i * time + j] = -1e9f;
      }
    }
    return m.create(mask, new Shape(time, time));
  }
}
