"""The ENAS micro child training step in PyTorch, the CPU peer of bench/child-step.ts.

Same network as src/core/child/micro (the official micro_child.py search graph): a 3x3 stem to 3C channels,
numLayers normal cells plus two reduction cells, per cell a 1x1 calibration of both inputs (a factorized
reduction where the spatial sizes differ), per node two branches choosing an input and one of
sep3x3 / sep5x5 / avg3x3 / max3x3 / identity, separable convolutions applied twice (ReLU, depthwise,
pointwise, BN), one weight set per (node, branch, input, op), loose ends concatenated and projected back to C
channels, global average pooling and a linear classifier. Every step samples a fresh architecture uniformly,
runs forward and backward through the sampled path only and applies SGD with Nesterov momentum.

Run with Debian's PyTorch:  /usr/bin/python3 bench/pytorch/child_step.py [--json]
Shapes come from bench/README.md (defaults below match it).
"""
import argparse
import json
import random
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class SepConv(nn.Module):
    def __init__(self, c, k):
        super().__init__()
        self.layers = nn.ModuleList()
        for _ in range(2):
            self.layers.append(nn.ModuleDict({
                'dw': nn.Conv2d(c, c, k, padding=k // 2, groups=c, bias=False),
                'pw': nn.Conv2d(c, c, 1, bias=False),
                'bn': nn.BatchNorm2d(c, affine=False),
            }))

    def forward(self, x):
        for layer in self.layers:
            x = layer['bn'](layer['pw'](layer['dw'](F.relu(x))))
        return x


class FactorizedReduction(nn.Module):
    def __init__(self, c_in, c_out):
        super().__init__()
        self.a = nn.Conv2d(c_in, c_out // 2, 1, bias=False)
        self.b = nn.Conv2d(c_in, c_out // 2, 1, bias=False)
        self.bn = nn.BatchNorm2d(c_out, affine=False)

    def forward(self, x):
        y1 = self.a(F.avg_pool2d(x, 1, 2))
        y2 = self.b(F.avg_pool2d(F.pad(x, (0, 1, 0, 1))[:, :, 1:, 1:], 1, 2))
        return self.bn(torch.cat([y1, y2], 1))


class Cell(nn.Module):
    def __init__(self, shapes, c, num_nodes, reduction):
        super().__init__()
        (h0, c0), (h1, c1) = shapes
        self.reduce_prev = FactorizedReduction(c0, c) if h0 != h1 else None
        self.cal0 = None if h0 != h1 else nn.Sequential(nn.ReLU(), nn.Conv2d(c0, c, 1, bias=False), nn.BatchNorm2d(c, affine=False))
        self.cal1 = nn.Sequential(nn.ReLU(), nn.Conv2d(c1, c, 1, bias=False), nn.BatchNorm2d(c, affine=False))
        self.ops = nn.ModuleList([
            nn.ModuleList([
                nn.ModuleList([nn.ModuleList([SepConv(c, 3), SepConv(c, 5)]) for _ in range(k + 2)])
                for _ in range(2)
            ])
            for k in range(num_nodes)
        ])
        self.out = nn.Parameter(torch.randn(c, c * (num_nodes + 2), 1, 1) * (2.0 / c) ** 0.5)
        self.out_bn = nn.BatchNorm2d(c, affine=False)
        self.c = c
        self.reduction = reduction

    def forward(self, x0, x1, arc):
        s0 = self.reduce_prev(x0) if self.reduce_prev is not None else self.cal0(x0)
        states = [s0, self.cal1(x1)]
        used = set()
        for k, node in enumerate(arc):
            branches = []
            for b, (src, op) in enumerate(node):
                used.add(src)
                x = states[src]
                if op in (0, 1):
                    y = self.ops[k][b][src][op](x)
                elif op == 2:
                    y = F.avg_pool2d(x, 3, 1, 1, count_include_pad=False)
                elif op == 3:
                    y = F.max_pool2d(x, 3, 1, 1)
                else:
                    y = x
                branches.append(y)
            states.append(branches[0] + branches[1])
        loose = [i for i in range(len(states)) if i not in used]
        w = torch.cat([self.out[:, i * self.c:(i + 1) * self.c] for i in loose], 1)
        return self.out_bn(F.conv2d(F.relu(torch.cat([states[i] for i in loose], 1)), w))


class MicroSupernet(nn.Module):
    def __init__(self, c_in, c, num_layers, num_nodes, num_classes, size):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(c_in, 3 * c, 3, padding=1, bias=False), nn.BatchNorm2d(3 * c))
        reductions = {num_layers // 3, 2 * (num_layers // 3) + 1}
        shapes = [(size, 3 * c), (size, 3 * c)]
        self.cells = nn.ModuleList()
        self.is_reduction = []
        for i in range(num_layers + 2):
            red = i in reductions
            if red:
                c *= 2
                # The reduced previous output feeds the cell (official: factorized reduction before the cell).
                self.cells.append(FactorizedReduction(shapes[1][1], c))
                shapes = [shapes[1], (shapes[1][0] // 2, c)]
            else:
                self.cells.append(None)
            self.is_reduction.append(red)
            cell = Cell(shapes, c, num_nodes, red)
            self.cells.append(cell)
            shapes = [shapes[1], (shapes[1][0], c)]
        self.fc = nn.Linear(c, num_classes, bias=False)

    def forward(self, x, arc):
        x = self.stem(x)
        prev = [x, x]
        it = iter(self.cells)
        for red in self.is_reduction:
            reduce = next(it)
            cell = next(it)
            if reduce is not None:
                prev = [prev[1], reduce(prev[1])]
            out = cell(prev[0], prev[1], arc[1] if red else arc[0])
            prev = [prev[1], out]
        return self.fc(F.relu(prev[1]).mean((2, 3)))


def random_cell(num_nodes, rng):
    return [[(rng.randrange(k + 2), rng.randrange(5)) for _ in range(2)] for k in range(num_nodes)]


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--batch', type=int, default=32)
    p.add_argument('--size', type=int, default=32)
    p.add_argument('--channels', type=int, default=3)
    p.add_argument('--out-filters', type=int, default=20)
    p.add_argument('--num-layers', type=int, default=3, help='normal cells; two reduction cells come on top')
    p.add_argument('--num-nodes', type=int, default=5)
    p.add_argument('--steps', type=int, default=20)
    p.add_argument('--warmup', type=int, default=3)
    p.add_argument('--threads', type=int, default=0, help='torch threads; 0 keeps the default')
    p.add_argument('--json', action='store_true')
    a = p.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    rng = random.Random(0)
    net = MicroSupernet(a.channels, a.out_filters, a.num_layers, a.num_nodes, 10, a.size)
    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9, nesterov=True, weight_decay=1e-4)
    x = torch.randn(a.batch, a.channels, a.size, a.size)
    y = torch.randint(0, 10, (a.batch,))
    times = []
    cpu_times = []
    for step in range(a.warmup + a.steps):
        arc = (random_cell(a.num_nodes, rng), random_cell(a.num_nodes, rng))
        t0 = time.perf_counter()
        c0 = time.process_time()
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(net(x, arc), y)
        loss.backward()
        opt.step()
        dt = time.perf_counter() - t0
        dc = time.process_time() - c0
        if step >= a.warmup:
            times.append(dt)
            cpu_times.append(dc)
    times.sort()
    cpu_times.sort()
    result = {
        'framework': 'pytorch ' + torch.__version__,
        'threads': torch.get_num_threads(),
        'median_ms': 1000 * times[len(times) // 2],
        'mean_ms': 1000 * sum(times) / len(times),
        # CPU time of the process (all its threads) per step.
        'median_cpu_ms': 1000 * cpu_times[len(cpu_times) // 2],
        'steps': len(times),
    }
    print(json.dumps(result) if a.json else f"PyTorch {torch.__version__} ({result['threads']} threads): "
          f"{result['median_ms']:.1f} ms median, {result['mean_ms']:.1f} ms mean per micro child step over {len(times)} steps")


if __name__ == '__main__':
    main()
