// Tests of NearestVehicleOcean run against the emulator (OceanEmulator) on a live port 0.
import NearestVehicleOcean
import OceanEmulator
