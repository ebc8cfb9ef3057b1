/* Bytecode VM benchmark: a small stack machine, its program assembled into a malloc'd
   array of instructions, runs a sieve of Eratosthenes over a malloc'd memory and a loop of
   arithmetic. Stresses a switch dispatch loop, array indexing and a hot interpreter. */
#include <stdio.h>
#include <stdlib.h>

#define LIMIT 60000
#define ROUNDS 3

enum { PUSH, LOAD, STORE, LOADI, STOREI, ADD, SUB, MUL, MOD, LT, JMP, JZ, DUP, POP, HALT };

struct insn {
    int op;
    int arg;
};

struct vm {
    struct insn *code;
    int ncode;
    int *stack;
    int sp;
    int *vars;
    int *mem;
};

static int emit(struct vm *m, int op, int arg) {
    m->code[m->ncode].op = op;
    m->code[m->ncode].arg = arg;
    return m->ncode++;
}

/* vars: 0 = i, 1 = j, 2 = count, 3 = limit, 4 = acc */
static void assemble(struct vm *m) {
    int loop_i, test_j, loop_j, end_j, skip, end_i, loop_k, end_k;
    emit(m, PUSH, 2); emit(m, STORE, 0);
    emit(m, PUSH, 0); emit(m, STORE, 2);
    loop_i = emit(m, LOAD, 0); emit(m, LOAD, 3); emit(m, LT, 0);
    end_i = emit(m, JZ, 0);
    emit(m, LOAD, 0); emit(m, LOADI, 0);
    skip = emit(m, JZ, 0);
    emit(m, JMP, 0); /* patched: composite, go to next i */
    m->code[skip].arg = m->ncode;
    emit(m, LOAD, 2); emit(m, PUSH, 1); emit(m, ADD, 0); emit(m, STORE, 2);
    emit(m, LOAD, 0); emit(m, LOAD, 0); emit(m, ADD, 0); emit(m, STORE, 1);
    test_j = emit(m, LOAD, 1); emit(m, LOAD, 3); emit(m, LT, 0);
    end_j = emit(m, JZ, 0);
    emit(m, PUSH, 1); emit(m, LOAD, 1); emit(m, STOREI, 0);
    emit(m, LOAD, 1); emit(m, LOAD, 0); emit(m, ADD, 0); emit(m, STORE, 1);
    loop_j = emit(m, JMP, test_j);
    m->code[end_j].arg = m->ncode;
    m->code[skip + 1].arg = m->ncode;
    emit(m, LOAD, 0); emit(m, PUSH, 1); emit(m, ADD, 0); emit(m, STORE, 0);
    emit(m, JMP, loop_i);
    m->code[end_i].arg = m->ncode;
    /* acc = sum over k < count of (k * k) mod 9973 */
    emit(m, PUSH, 0); emit(m, STORE, 4);
    emit(m, PUSH, 0); emit(m, STORE, 1);
    loop_k = emit(m, LOAD, 1); emit(m, LOAD, 2); emit(m, LT, 0);
    end_k = emit(m, JZ, 0);
    emit(m, LOAD, 4); emit(m, LOAD, 1); emit(m, DUP, 0); emit(m, MUL, 0);
    emit(m, PUSH, 9973); emit(m, MOD, 0); emit(m, ADD, 0); emit(m, PUSH, 1000003); emit(m, MOD, 0);
    emit(m, STORE, 4);
    emit(m, LOAD, 1); emit(m, PUSH, 1); emit(m, ADD, 0); emit(m, STORE, 1);
    emit(m, JMP, loop_k);
    m->code[end_k].arg = m->ncode;
    emit(m, HALT, 0);
    (void)loop_j;
}

static long run(struct vm *m) {
    int pc = 0;
    long steps = 0;
    for (;;) {
        struct insn in = m->code[pc++];
        int a, b;
        steps++;
        switch (in.op) {
        case PUSH: m->stack[m->sp++] = in.arg; break;
        case LOAD: m->stack[m->sp++] = m->vars[in.arg]; break;
        case STORE: m->vars[in.arg] = m->stack[--m->sp]; break;
        case LOADI: a = m->stack[--m->sp]; m->stack[m->sp++] = m->mem[a]; break;
        case STOREI: a = m->stack[--m->sp]; b = m->stack[--m->sp]; m->mem[a] = b; break;
        case ADD: b = m->stack[--m->sp]; a = m->stack[--m->sp]; m->stack[m->sp++] = a + b; break;
        case SUB: b = m->stack[--m->sp]; a = m->stack[--m->sp]; m->stack[m->sp++] = a - b; break;
        case MUL: b = m->stack[--m->sp]; a = m->stack[--m->sp]; m->stack[m->sp++] = a * b; break;
        case MOD: b = m->stack[--m->sp]; a = m->stack[--m->sp]; m->stack[m->sp++] = a % b; break;
        case LT: b = m->stack[--m->sp]; a = m->stack[--m->sp]; m->stack[m->sp++] = a < b; break;
        case JMP: pc = in.arg; break;
        case JZ: if (m->stack[--m->sp] == 0) pc = in.arg; break;
        case DUP: a = m->stack[m->sp - 1]; m->stack[m->sp++] = a; break;
        case POP: m->sp--; break;
        case HALT: return steps;
        }
    }
}

int main(void) {
    struct vm m;
    long total_steps = 0;
    int r;
    m.code = malloc(128 * sizeof *m.code);
    m.ncode = 0;
    m.stack = malloc(64 * sizeof *m.stack);
    m.vars = malloc(8 * sizeof *m.vars);
    m.mem = malloc(LIMIT * sizeof *m.mem);
    assemble(&m);
    for (r = 0; r < ROUNDS; r++) {
        int i;
        for (i = 0; i < LIMIT; i++)
            m.mem[i] = 0;
        m.sp = 0;
        m.vars[3] = LIMIT - r * 1000;
        total_steps += run(&m);
        printf("round %d: primes %d acc %d\n", r, m.vars[2], m.vars[4]);
    }
    printf("steps %ld\n", total_steps);
    free(m.code);
    free(m.stack);
    free(m.vars);
    free(m.mem);
    return 0;
}
