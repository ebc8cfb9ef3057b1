/* An array member of a union may reach the whole union (type punning is clean), but not
   past it into the next member of the struct around it. */
struct packet {
    union {
        unsigned char bytes[4];
        int word;
    } head;
    int crc;
};

int main(void)
{
    struct packet p = { { { 0 } }, 7 };
    p.head.word = 0x01020304;
    int sum = p.head.bytes[0] + p.head.bytes[3];
    for (int i = 0; i < 6; i++)
        p.head.bytes[i] = 0; //~ ERROR: out-of-bounds
    return sum + p.crc;
}
