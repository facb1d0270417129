"""The nb201 ENAS controller in PyTorch, the CPU peer of bench/tabular-controller.ts.

Same network and update as src/core/controller at the tabular nb201 settings (core/benchmark/tabular-strategies.ts):
a one-layer LSTM of 64 units without bias, from a learned first input, one decision over 5 ops per edge of the
6-edge cell, logits from a linear head bounded by 2.5 * tanh, the chosen op's embedding as the next input.
A sample runs the policy on one row without gradients and draws each op; an update teacher-forces a batch of
5 recorded architectures, takes the REINFORCE loss mean(-log p * advantage) and one Adam step (beta1 0,
eps 1e-3, lr 0.05), as the official controller's optimizer.

Run with Debian's PyTorch:  /usr/bin/python3 bench/pytorch/nb201_controller.py [--json] [--threads N]
"""
import argparse
import json
import time

import torch
import torch.nn as nn

UNITS, OPS, EDGES, BATCH = 64, 5, 6, 5


class Controller(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTMCell(UNITS, UNITS, bias=False)
        self.g_emb = nn.Parameter(torch.empty(1, UNITS).uniform_(-0.1, 0.1))
        self.emb = nn.Embedding(OPS, UNITS)
        self.soft = nn.Linear(UNITS, OPS, bias=False)
        for p in self.parameters():
            nn.init.uniform_(p, -0.1, 0.1)

    def run(self, rows, choose):
        x = self.g_emb.expand(rows, UNITS)
        h = torch.zeros(rows, UNITS)
        c = torch.zeros(rows, UNITS)
        log_prob = torch.zeros(rows)
        for edge in range(EDGES):
            h, c = self.lstm(x, (h, c))
            logits = 2.5 * torch.tanh(self.soft(h))
            log_probs = torch.log_softmax(logits, dim=1)
            ops = choose(edge, log_probs)
            log_prob = log_prob + log_probs.gather(1, ops.unsqueeze(1)).squeeze(1)
            x = self.emb(ops)
        return log_prob


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--json', action='store_true')
    parser.add_argument('--threads', type=int, default=1)
    parser.add_argument('--samples', type=int, default=2000)
    parser.add_argument('--updates', type=int, default=400)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    controller = Controller()
    optimizer = torch.optim.Adam(controller.parameters(), lr=0.05, betas=(0.0, 0.999), eps=1e-3)

    def sample():
        with torch.no_grad():
            chosen = []
            controller.run(1, lambda edge, lp: chosen.append(torch.multinomial(lp.exp(), 1).squeeze(1)) or chosen[-1])
            return torch.stack(chosen, 1)

    def update(arcs, advantages):
        log_prob = controller.run(arcs.shape[0], lambda edge, lp: arcs[:, edge])
        loss = -(log_prob * advantages).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    for _ in range(50):
        update(torch.cat([sample() for _ in range(BATCH)]), torch.randn(BATCH))
    start = time.perf_counter()
    for _ in range(args.samples):
        sample()
    per_sample = (time.perf_counter() - start) / args.samples * 1000
    batches = [(torch.cat([sample() for _ in range(BATCH)]), torch.randn(BATCH)) for _ in range(args.updates)]
    start = time.perf_counter()
    for arcs, advantages in batches:
        update(arcs, advantages)
    per_update = (time.perf_counter() - start) / args.updates * 1000
    result = {'torch': torch.__version__, 'threads': args.threads, 'msPerSample': per_sample, 'msPerUpdate': per_update}
    print(json.dumps(result) if args.json else result)


if __name__ == '__main__':
    main()
