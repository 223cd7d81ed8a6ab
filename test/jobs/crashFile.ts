// The file the crash-recovery test imports: big enough that the import is still writing when the
// worker is killed, small enough for CI.
import fs from 'node:fs';

const EXERCISES = ['Squat (Barbell)', 'Bench Press (Barbell)', 'Deadlift (Barbell)', 'Overhead Press (Barbell)', 'Pull Up', 'Bent Over Row (Barbell)'];

async function writeStrongCsv(file: string, workouts = 4000): Promise<void> {
  const out = fs.createWriteStream(file);
  out.write('Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n');
  const start = Date.UTC(2015, 0, 1, 7, 0, 0);
  for (let w = 0; w < workouts; w++) {
    const when = new Date(start + w * 86_400_000).toISOString().replace('T', ' ').slice(0, 19);
    for (let e = 0; e < 3; e++) {
      const exercise = EXERCISES[(w + e) % EXERCISES.length];
      for (let set = 1; set <= 4; set++) out.write(`${when},"Workout ${w % 7}",50min,"${exercise}",${set},${40 + ((w * 7 + set) % 80)}.0,${5 + (set % 3)},0,0,,,\n`);
    }
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

export const crashTestFile = {
  fileType: 'strong',
  name: 'strong.csv',
  tables: ['lifting_sessions', 'lifting_sets'],
  write: (file: string) => writeStrongCsv(file),
};
